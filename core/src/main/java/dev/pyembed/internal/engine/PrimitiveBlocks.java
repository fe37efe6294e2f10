package dev.pyembed.internal.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;

/** Primitive arrays to and from native-order bytes: how numbers cross to Python in one block. */
public final class PrimitiveBlocks {

    private PrimitiveBlocks() {
    }

    public static byte[] bytesOf(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.nativeOrder());
        buffer.asDoubleBuffer().put(values);
        return buffer.array();
    }

    public static byte[] bytesOf(long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.nativeOrder());
        buffer.asLongBuffer().put(values);
        return buffer.array();
    }

    /** The values when every item is a {@code Double} or {@code Float}, else null. */
    public static double[] doublesOrNull(Collection<?> items) {
        if (items.isEmpty() || !isFloating(items.iterator().next())) {
            return null; // before allocating: most collections that are not all-Double say so at their first element
        }
        double[] values = new double[items.size()];
        int i = 0;
        for (Object item : items) {
            if (!isFloating(item)) {
                return null;
            }
            values[i++] = ((Number) item).doubleValue();
        }
        return values;
    }

    private static boolean isFloating(Object item) {
        return item instanceof Double || item instanceof Float;
    }

    /** The values when every item is a {@code Long}, {@code Integer}, {@code Short} or {@code Byte}, else null. */
    public static long[] longsOrNull(Collection<?> items) {
        if (items.isEmpty() || !isIntegral(items.iterator().next())) {
            return null;
        }
        long[] values = new long[items.size()];
        int i = 0;
        for (Object item : items) {
            if (!isIntegral(item)) {
                return null;
            }
            values[i++] = ((Number) item).longValue();
        }
        return values;
    }

    private static boolean isIntegral(Object item) {
        return item instanceof Long || item instanceof Integer || item instanceof Short || item instanceof Byte;
    }

    public static double[] doublesOf(byte[] bytes) {
        double[] values = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(values);
        return values;
    }

    public static long[] longsOf(byte[] bytes) {
        long[] values = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asLongBuffer().get(values);
        return values;
    }
}
