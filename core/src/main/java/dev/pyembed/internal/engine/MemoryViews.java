package dev.pyembed.internal.engine;

import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.internal.gil.GilHeld;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Java memory handed to Python without a copy ({@link Gil#memoryView}), and Java arrays handed to numpy in one copy
 * ({@link Gil#ndarray(double[])}). A memoryview over Java memory keeps the Java buffer alive: the view's exporter
 * holds a builtin function whose Java body references the buffer, and Python dropping the last view drops it.
 */
public final class MemoryViews {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private MemoryViews() {
    }

    public static PyObject memoryView(PythonEngine engine, GilHeld gil, Buffer buffer, long[] shape) {
        EngineParts parts = ACCESS.parts(engine);
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a memoryview without a copy needs a direct buffer (ByteBuffer.allocateDirect,"
                    + " or a MemorySegment's asByteBuffer()); this " + buffer.getClass().getSimpleName() + " is on the"
                    + " Java heap, which the garbage collector moves: pass the array to gil.ndarray(...) (one copy)"
                    + " or convert it as a value");
        }
        Item item = Item.of(buffer);
        long count = buffer.remaining();
        long[] dims = shape.length == 0 ? new long[] {count} : shape.clone();
        long product = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
            product = Math.multiplyExact(product, dim);
        }
        if (product != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds " + product + " items, but the"
                    + " buffer has " + count + " remaining (position " + buffer.position() + ", limit " + buffer.limit() + ")");
        }
        long address = gil.api().buffers().directBufferAddress(buffer) + (long) buffer.position() * item.size;
        long owner = parts.conversions().checked(gil, NativeFunctions.create(gil, (held, args) -> {
            java.lang.ref.Reference.reachabilityFence(buffer); // the body's only job: to reference the buffer
            long none = parts.conversions().none();
            held.api().Py_IncRef(none);
            return none;
        }));
        try {
            long view = parts.bootstrap().callReference(gil, "memory_view", address, item.code,
                    Arrays.stream(dims).boxed().toList(), buffer.isReadOnly(), new Callbacks.Borrowed(owner));
            return ACCESS.newPyObject(engine, parts.conversions().checked(gil, view));
        } finally {
            gil.api().Py_DecRef(owner);
        }
    }

    /** A new numpy array of {@code count} items of {@code typecode} (numpy's dtype letters), as a buffer to fill. */
    public static PyObject emptyNdarray(PythonEngine engine, GilHeld gil, String typecode, int count) {
        EngineParts parts = ACCESS.parts(engine);
        return ACCESS.newPyObject(engine, parts.conversions().checked(gil,
                parts.bootstrap().callReference(gil, "new_ndarray", typecode, (long) count)));
    }

    /** The struct format and size of a buffer's items; typed buffers must be in native byte order. */
    private record Item(String code, int size) {
        static Item of(Buffer buffer) {
            if (buffer instanceof ByteBuffer) {
                return new Item("B", 1);
            }
            ByteOrder order;
            Item item;
            if (buffer instanceof DoubleBuffer b) {
                order = b.order();
                item = new Item("d", 8);
            } else if (buffer instanceof FloatBuffer b) {
                order = b.order();
                item = new Item("f", 4);
            } else if (buffer instanceof LongBuffer b) {
                order = b.order();
                item = new Item("q", 8);
            } else if (buffer instanceof IntBuffer b) {
                order = b.order();
                item = new Item("i", 4);
            } else if (buffer instanceof ShortBuffer b) {
                order = b.order();
                item = new Item("h", 2);
            } else {
                throw new IllegalArgumentException("a " + buffer.getClass().getSimpleName() + " has no Python item format;"
                        + " use a ByteBuffer, DoubleBuffer, FloatBuffer, LongBuffer, IntBuffer or ShortBuffer");
            }
            if (order != ByteOrder.nativeOrder()) {
                throw new IllegalArgumentException("this " + buffer.getClass().getSimpleName() + " is " + order
                        + ", Python reads native order (" + ByteOrder.nativeOrder() + "): make it from a ByteBuffer with"
                        + " .order(ByteOrder.nativeOrder()) first");
            }
            return item;
        }
    }
}
