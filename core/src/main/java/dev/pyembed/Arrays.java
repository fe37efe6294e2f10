package dev.pyembed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Primitive arrays to and from native-order bytes: how numbers cross to Python in one block. */
final class Arrays {

    private Arrays() {
    }

    static byte[] bytesOf(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.nativeOrder());
        buffer.asDoubleBuffer().put(values);
        return buffer.array();
    }

    static byte[] bytesOf(long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.nativeOrder());
        buffer.asLongBuffer().put(values);
        return buffer.array();
    }

    static double[] doublesOf(byte[] bytes) {
        double[] values = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(values);
        return values;
    }

    static long[] longsOf(byte[] bytes) {
        long[] values = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asLongBuffer().get(values);
        return values;
    }
}
