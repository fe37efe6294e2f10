package dev.pyembed;

import dev.pyembed.internal.capi.BufferApi;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.NativeWindow;
import dev.pyembed.internal.engine.PrimitiveBlocks;
import dev.pyembed.internal.gil.DeferredDecRefs;
import dev.pyembed.internal.gil.GilHeld;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Python memory seen from Java without a copy: the buffer a Python object exports (a numpy array, {@code bytes},
 * {@code bytearray}, {@code array.array}, {@code memoryview}), made by {@link PyObject#buffer()}. It says the item
 * format, shape, strides and whether the memory is read-only, and gives NIO views over that memory
 * ({@link #asDoubleBuffer()} and the like): reads and writes through them are reads and writes of the Python object.
 *
 * <p>Only C-contiguous buffers are accepted (a strided view is refused, saying to call {@code np.ascontiguousarray}).
 * While a {@code PyBuffer} is open, the Python object stays alive and exported (numpy refuses to resize it).
 *
 * <p><b>Lifetime.</b> {@link #close()} (with the GIL, on any thread) ends the export; one that is never closed is
 * ended after the garbage collector found it unreachable, by the next thread that holds the GIL. Views never read
 * freed memory: on the FFM backend (Java 22+) a view used after {@code close()} throws
 * {@link IllegalStateException}; on the JNA backend, whose views cannot be revoked, the export ends only once the
 * buffer is closed <em>and</em> every view taken from it is unreachable, so a view kept past {@code close()} still
 * reads the (live) Python memory. Methods of a closed buffer throw {@link IllegalStateException} on both.
 */
public final class PyBuffer implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final PythonEngine engine;
    private final long address;
    private final long length;
    private final int itemSize;
    private final boolean readOnly;
    private final String format;
    private final long[] shape;
    private final long[] strides;
    private final boolean contiguous;
    private final Export export;
    private final Cleaner.Cleanable cleanable;
    private ByteBuffer unrevocableRoot; // JNA: the buffer every view derives from, so that it keeps the export alive
    private volatile boolean closed;

    private PyBuffer(PythonEngine engine, GilHeld gil, long view) {
        CApi api = gil.api();
        this.engine = engine;
        this.address = api.readPointer(view + BufferApi.BUF);
        this.length = api.readPointer(view + BufferApi.LEN);
        this.itemSize = (int) api.readPointer(view + BufferApi.ITEMSIZE);
        this.readOnly = api.readInt(view + BufferApi.READONLY) != 0;
        long formatAddress = api.readPointer(view + BufferApi.FORMAT);
        this.format = formatAddress == 0 ? "B" : api.readCString(formatAddress);
        int ndim = api.readInt(view + BufferApi.NDIM);
        this.shape = readSizes(api, api.readPointer(view + BufferApi.SHAPE), ndim, length / Math.max(itemSize, 1));
        long stridesAddress = api.readPointer(view + BufferApi.STRIDES);
        this.strides = stridesAddress == 0 ? contiguousStrides(shape, itemSize) : readSizes(api, stridesAddress, ndim, itemSize);
        this.contiguous = api.readPointer(view + BufferApi.SUBOFFSETS) == 0
                && Arrays.equals(strides, contiguousStrides(shape, itemSize));
        this.export = new Export(engine, view, address, length);
        this.cleanable = CLEANER.register(this, export::revokeAndEnd);
    }

    /** Exports {@code obj}'s buffer (GIL held); refuses what is not C-contiguous, releasing the export again. */
    static PyBuffer export(PythonEngine engine, GilHeld gil, long obj) {
        PyBuffer buffer = exportAny(engine, gil, obj);
        if (!buffer.contiguous) {
            buffer.close();
            throw new IllegalArgumentException("the buffer of this Python object is not C-contiguous (shape "
                    + Arrays.toString(buffer.shape) + ", strides " + Arrays.toString(buffer.strides) + " bytes, item size "
                    + buffer.itemSize + "); pass np.ascontiguousarray(x) (one copy in Python) instead");
        }
        return buffer;
    }

    private static PyBuffer exportAny(PythonEngine engine, GilHeld gil, long obj) {
        BufferApi buffers = gil.api().buffers();
        long view = buffers.PyMem_RawCalloc(1, BufferApi.PY_BUFFER_SIZE);
        if (view == 0) {
            throw new OutOfMemoryError("cannot allocate a Py_buffer");
        }
        if (buffers.PyObject_GetBuffer(obj, view, BufferApi.PyBUF_RECORDS_RO) != 0) {
            buffers.PyMem_RawFree(view);
            throw engine.errors().fetch(gil);
        }
        return new PyBuffer(engine, gil, view);
    }

    /**
     * The numbers of {@code obj} as doubles in one copy: straight from its memory when it exports C-contiguous
     * float64 items (a numpy array, {@code array('d')}), else through Python ({@code array.array('d', obj)}).
     */
    static double[] doubles(PythonEngine engine, GilHeld gil, long obj) {
        try (PyBuffer buffer = matchingOrNull(engine, gil, obj, Kind.FLOAT64)) {
            if (buffer != null) {
                return buffer.toDoubleArray();
            }
        }
        return PrimitiveBlocks.doublesOf(engine.conversions().arrayBytes(gil, obj, "d"));
    }

    /** As {@link #doubles}, for 8-byte signed integers. */
    static long[] longs(PythonEngine engine, GilHeld gil, long obj) {
        try (PyBuffer buffer = matchingOrNull(engine, gil, obj, Kind.INT64)) {
            if (buffer != null) {
                return buffer.toLongArray();
            }
        }
        return PrimitiveBlocks.longsOf(engine.conversions().arrayBytes(gil, obj, "q"));
    }

    private static PyBuffer matchingOrNull(PythonEngine engine, GilHeld gil, long obj, Kind kind) {
        if (gil.api().buffers().PyObject_CheckBuffer(obj) != 1) {
            return null;
        }
        PyBuffer buffer = exportAny(engine, gil, obj);
        if (buffer.contiguous && kind.matches(buffer)) {
            return buffer;
        }
        buffer.close();
        return null;
    }

    private static long[] readSizes(CApi api, long address, int count, long fallback) {
        if (address == 0) {
            return count == 0 ? new long[0] : new long[] {fallback}; // no shape asked or given: 1-D of bytes
        }
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = api.readPointer(address + 8L * i);
        }
        return sizes;
    }

    private static long[] contiguousStrides(long[] shape, long itemSize) {
        long[] strides = new long[shape.length];
        long stride = itemSize;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    // ---- what the buffer is ----

    /** The item format in {@code struct} syntax, as the exporter gives it: {@code d}, {@code <d}, {@code B}, {@code q}. */
    public String format() {
        return format;
    }

    public int itemSize() {
        return itemSize;
    }

    /** The size of each dimension ({@code ndim} values; a scalar has none). */
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes from one item to the next in each dimension (C order here: the last dimension is {@link #itemSize()}). */
    public long[] strides() {
        return strides.clone();
    }

    public int ndim() {
        return shape.length;
    }

    /** The length in bytes. */
    public long byteLength() {
        return length;
    }

    /** The number of items. */
    public long itemCount() {
        return itemSize == 0 ? 0 : length / itemSize;
    }

    /** Whether the exporter forbids writes (then every view is read-only). */
    public boolean isReadOnly() {
        return readOnly;
    }

    // ---- views over the Python memory ----

    /** The bytes, in native byte order (read-only when the exporter says so). */
    public ByteBuffer asByteBuffer() {
        return view();
    }

    /** For format {@code d} (float64). */
    public DoubleBuffer asDoubleBuffer() {
        return view(Kind.FLOAT64).asDoubleBuffer();
    }

    /** For format {@code f} (float32). */
    public FloatBuffer asFloatBuffer() {
        return view(Kind.FLOAT32).asFloatBuffer();
    }

    /** For 8-byte signed integers ({@code q}, or {@code l} where a C long has 8 bytes). */
    public LongBuffer asLongBuffer() {
        return view(Kind.INT64).asLongBuffer();
    }

    /** For 4-byte signed integers ({@code i}, or {@code l} where a C long has 4 bytes). */
    public IntBuffer asIntBuffer() {
        return view(Kind.INT32).asIntBuffer();
    }

    /**
     * The memory as a {@code java.lang.foreign.MemorySegment} (pass {@code MemorySegment.class}) on the FFM backend,
     * valid until {@link #close()}; the JNA backend has none ({@link UnsupportedOperationException}).
     */
    public <T> T unwrap(Class<T> type) {
        requireOpen();
        Object segment = export.window().segment();
        if (segment == null || !type.isInstance(segment)) {
            throw new UnsupportedOperationException(segment == null
                    ? "a MemorySegment needs the FFM native backend (Java 22+, pyembed.native-backend=ffm); this engine uses "
                    + engine.nativeBackend() : "this buffer unwraps to " + segment.getClass().getName() + ", not " + type.getName());
        }
        return type.cast(segment);
    }

    // ---- copies (one memcpy) ----

    /** A copy of the items as doubles (format {@code d}). */
    public double[] toDoubleArray() {
        double[] values = new double[Math.toIntExact(itemCount())];
        copy(Kind.FLOAT64).asDoubleBuffer().get(values);
        return values;
    }

    /** A copy of the items as longs (8-byte signed integers). */
    public long[] toLongArray() {
        long[] values = new long[Math.toIntExact(itemCount())];
        copy(Kind.INT64).asLongBuffer().get(values);
        return values;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        byte[] values = new byte[Math.toIntExact(length)];
        copy(null).get(values);
        return values;
    }

    /** Writes {@code values} into the Python memory (format {@code d}, exactly as many items). */
    void write(double[] values) {
        requireWritable(values.length);
        copy(Kind.FLOAT64).asDoubleBuffer().put(values);
    }

    void write(long[] values) {
        requireWritable(values.length);
        copy(Kind.INT64).asLongBuffer().put(values);
    }

    void write(int[] values) {
        requireWritable(values.length);
        copy(Kind.INT32).asIntBuffer().put(values);
    }

    void write(float[] values) {
        requireWritable(values.length);
        copy(Kind.FLOAT32).asFloatBuffer().put(values);
    }

    private void requireWritable(int items) {
        if (readOnly || items != itemCount()) {
            throw new IllegalStateException("cannot write " + items + " items into a " + (readOnly ? "read-only " : "")
                    + "buffer of " + itemCount());
        }
    }

    // ---- lifetime ----

    /** Ends the export (GIL held: at once; otherwise by the next thread that holds the GIL). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unrevocableRoot = null; // JNA: the export now ends when the last view is unreachable
        cleanable.clean(); // FFM: every view now throws

    }

    private ByteBuffer view() {
        requireOpen();
        NativeWindow window = export.window();
        ByteBuffer bytes;
        if (window.revocable()) {
            bytes = window.bytes();
        } else {
            if (unrevocableRoot == null) {
                unrevocableRoot = window.bytes();
                export.keepWhileReachable(unrevocableRoot);
            }
            bytes = unrevocableRoot.duplicate().order(unrevocableRoot.order()); // derived: keeps the root reachable
        }
        return readOnly ? bytes.asReadOnlyBuffer().order(bytes.order()) : bytes;
    }

    private ByteBuffer view(Kind kind) {
        kind.require(this);
        return view();
    }

    /** A buffer for a copy that never leaves this class (so it needs no revocation and keeps nothing alive). */
    private ByteBuffer copy(Kind kind) {
        requireOpen();
        if (kind != null) {
            kind.require(this);
        }
        // the export is held, but a copy is a use of Python memory like any other: inside a GIL scope
        return engine.requireGil().api().buffers().window(address, length, false).bytes();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this PyBuffer was closed; take a new one with pyObject.buffer()");
        }
        if (export.engineClosed()) {
            throw new IllegalStateException("the engine that made this PyBuffer is closed");
        }
    }

    @Override
    public String toString() {
        return "PyBuffer(format " + format + ", shape " + Arrays.toString(shape) + (readOnly ? ", read-only" : "")
                + (closed ? ", closed" : "") + ")";
    }

    /** What the typed views and copies accept. */
    private enum Kind {
        FLOAT64(8, "d"), FLOAT32(4, "f"), INT64(8, "qln"), INT32(4, "il");

        private final int size;
        private final String codes;

        Kind(int size, String codes) {
            this.size = size;
            this.codes = codes;
        }

        boolean matches(PyBuffer buffer) {
            String code = nativeCode(buffer.format);
            return buffer.itemSize == size && code != null && codes.indexOf(code.charAt(0)) >= 0;
        }

        void require(PyBuffer buffer) {
            if (!matches(buffer)) {
                throw new IllegalStateException("this buffer holds items of format '" + buffer.format + "' ("
                        + buffer.itemSize + " bytes), not " + name().toLowerCase(java.util.Locale.ROOT)
                        + "; use the view that matches (asByteBuffer() for raw bytes), or convert in Python with"
                        + " x.astype(...)");
            }
        }

        /** The one-letter code of a native-order single-item format ({@code d}, {@code <d}, {@code =q}), else null. */
        private static String nativeCode(String format) {
            String code = format;
            if (!code.isEmpty() && "@=".indexOf(code.charAt(0)) >= 0) {
                code = code.substring(1);
            } else if (!code.isEmpty() && code.charAt(0) == (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? '<' : '>')) {
                code = code.substring(1);
            }
            return code.length() == 1 ? code : null;
        }
    }

    /**
     * The export, owned apart from the {@code PyBuffer} so that the Cleaner can end it: ended once the buffer is
     * closed (or unreachable) and, for views that cannot be revoked (JNA), once every such view is unreachable too.
     * It never references a view, or the root views are derived from: that would keep them reachable for ever.
     */
    private static final class Export {
        private final PythonEngine engine;
        private final long address;
        private final long length;
        private final AtomicInteger keepers = new AtomicInteger(1); // the PyBuffer itself
        private volatile NativeWindow window; // made on the first view
        private long view; // the Py_buffer; 0 once ended

        Export(PythonEngine engine, long view, long address, long length) {
            this.engine = engine;
            this.view = view;
            this.address = address;
            this.length = length;
        }

        synchronized NativeWindow window() {
            if (window == null) {
                window = engine.libPython().api().buffers().window(address, length, true);
            }
            return window;
        }

        void keepWhileReachable(ByteBuffer root) {
            keepers.incrementAndGet();
            CLEANER.register(root, this::end);
        }

        boolean engineClosed() {
            return engine.decRefs().isClosed();
        }

        /** The PyBuffer is closed or unreachable: revoke its views (FFM), then end its share. */
        void revokeAndEnd() {
            NativeWindow made = window;
            if (made != null) {
                made.close();
            }
            end();
        }

        /** One keeper is done: the last one ends the export (at once with the GIL, else through the release queue). */
        private void end() {
            if (keepers.decrementAndGet() != 0) {
                return;
            }
            long ended;
            synchronized (this) {
                ended = view;
                view = 0;
            }
            if (ended == 0 || engineClosed()) {
                return;
            }
            if (engine.isGilHeldByCurrentThread()) {
                DeferredDecRefs.releaseBuffer(engine.requireGil(), ended);
            } else {
                engine.decRefs().addBuffer(ended);
            }
        }
    }
}
