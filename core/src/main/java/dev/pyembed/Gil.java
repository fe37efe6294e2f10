package dev.pyembed;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.engine.CodeCache;
import dev.pyembed.internal.engine.Conversions;
import dev.pyembed.internal.engine.MemoryViews;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.ThreadContext;

import java.util.function.Supplier;

/**
 * An open GIL scope: {@code try (Gil gil = engine.acquireGil()) { ... }} is pythonnet's
 * {@code using (Py.GIL())}. While it is open, the thread that opened it holds the GIL, and the Python
 * operations on this object are allowed on that thread only. Scopes nest (re-entrant on one thread) and must be
 * closed on the thread that opened them, innermost first.
 */
public final class Gil implements PythonScope, AutoCloseable {

    private final PythonEngine engine;
    private final ThreadContext context;
    private final int depth;
    private final boolean reacquired;
    private boolean closed;

    Gil(PythonEngine engine, ThreadContext context, int depth, boolean reacquired) {
        this.engine = engine;
        this.context = context;
        this.depth = depth;
        this.reacquired = reacquired;
    }

    /** Runs Python statements in the {@code __main__} namespace (definitions persist across calls). */
    @Override
    public void exec(String code) {
        GilHeld gil = held();
        gil.api().Py_DecRef(run(gil, code, CApi.PY_FILE_INPUT));
    }

    /** Evaluates a Python expression in {@code __main__} and converts the result ({@link Conversions}). */
    @Override
    public Object eval(String expression) {
        GilHeld gil = held();
        long result = run(gil, expression, CApi.PY_EVAL_INPUT);
        try {
            return engine.conversions().toJava(gil, result);
        } finally {
            gil.api().Py_DecRef(result);
        }
    }

    /** Evaluates a Python expression in {@code __main__} and keeps the result as a {@link PyObject} (no conversion). */
    public PyObject evalObject(String expression) {
        GilHeld gil = held();
        return new PyObject(engine, run(gil, expression, CApi.PY_EVAL_INPUT));
    }

    /** Sources are compiled once and cached ({@link CodeCache}): a repeated eval costs about a call. */
    private long run(GilHeld gil, String source, int start) {
        return engine.conversions().checked(gil, engine.codeCache().run(gil, source, start, engine.mainDict()));
    }

    /** {@code module.function(*args)}, with arguments and result converted; {@link #importModule} keeps objects. */
    @Override
    public Object call(String module, String function, Object... args) {
        GilHeld gil = held();
        CApi api = gil.api();
        Conversions conversions = engine.conversions();
        long imported = conversions.checked(gil, api.PyImport_ImportModule(Utf8.cString(module)));
        try {
            return conversions.callAttribute(gil, imported, function, args);
        } finally {
            api.Py_DecRef(imported);
        }
    }

    /** {@code import name}: the module object. */
    public PyObject importModule(String name) {
        GilHeld gil = held();
        long module = engine.conversions().checked(gil, gil.api().PyImport_ImportModule(Utf8.cString(name)));
        return new PyObject(engine, module);
    }

    /**
     * A Python {@code memoryview} of a direct buffer's memory, without a copy: {@code np.asarray(view)} or
     * {@code np.frombuffer(view, dtype)} wrap it, and writes on either side are seen by the other. The format comes
     * from the buffer's type ({@code ByteBuffer} {@code B}, {@code DoubleBuffer} {@code d}, {@code FloatBuffer}
     * {@code f}, {@code LongBuffer} {@code q}, {@code IntBuffer} {@code i}, {@code ShortBuffer} {@code h}; typed
     * buffers in native byte order), the items are those from its position to its limit, {@code shape} (C order)
     * defaults to one dimension, and a read-only buffer gives a read-only view. The Java buffer stays alive as long
     * as Python holds any view or array made from it. Heap buffers are refused: use {@link #ndarray(double[])}.
     */
    public PyObject memoryView(java.nio.Buffer buffer, long... shape) {
        return MemoryViews.memoryView(engine, held(), buffer, shape);
    }

    /** A new numpy {@code float64} array holding a copy of {@code values} (one memory copy, no Python list). */
    public PyObject ndarray(double[] values) {
        return filledNdarray("d", values.length, buffer -> buffer.write(values));
    }

    /** A new numpy {@code int64} array holding a copy of {@code values}. */
    public PyObject ndarray(long[] values) {
        return filledNdarray("q", values.length, buffer -> buffer.write(values));
    }

    /** A new numpy {@code int32} array holding a copy of {@code values}. */
    public PyObject ndarray(int[] values) {
        return filledNdarray("i", values.length, buffer -> buffer.write(values));
    }

    /** A new numpy {@code float32} array holding a copy of {@code values}. */
    public PyObject ndarray(float[] values) {
        return filledNdarray("f", values.length, buffer -> buffer.write(values));
    }

    private PyObject filledNdarray(String typecode, int count, java.util.function.Consumer<PyBuffer> fill) {
        GilHeld gil = held();
        PyObject array = MemoryViews.emptyNdarray(engine, gil, typecode, count);
        try (PyBuffer buffer = array.buffer()) {
            fill.accept(buffer);
        } catch (RuntimeException | Error e) {
            array.close();
            throw e;
        }
        return array;
    }

    /**
     * Releases the GIL around long Java work ({@code work} must not touch Python objects, or must open its own
     * scope), and takes it back afterwards, also when the work throws. pythonnet's BeginAllowThreads /
     * EndAllowThreads.
     */
    public <T> T allowThreads(Supplier<T> work) {
        held();
        return engine.allowThreads(work);
    }

    /** {@link #allowThreads(Supplier)} for work without a result. */
    public void allowThreads(Runnable work) {
        held();
        engine.allowThreads(work);
    }

    /**
     * Takes a Java lock without risking a deadlock with the GIL. The deadlock it prevents: thread A holds the GIL
     * and waits for {@code lock}, while thread B holds {@code lock} and waits for the GIL. This method first tries
     * the lock; if it is taken, it waits with the GIL released ({@link #allowThreads(Runnable)}), so B can finish.
     * The caller unlocks as usual.
     */
    public void lockReleasingGil(java.util.concurrent.locks.Lock lock) {
        held();
        if (!lock.tryLock()) {
            engine.allowThreads(lock::lock);
        }
    }

    public PythonEngine engine() {
        return engine;
    }

    /** Closes this scope; the outermost one gives the GIL back. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        engine.scopes().release(context, depth, reacquired);
        closed = true;
    }

    /** The token for this thread, or an {@link IllegalStateException} when this scope does not hold the GIL now. */
    GilHeld held() {
        if (closed || Thread.currentThread() != context.thread() || !context.holdsGil()) {
            throw new IllegalStateException(closed ? "this GIL scope is closed; open a new one with engine.acquireGil()"
                    : Thread.currentThread() != context.thread()
                    ? "this GIL scope belongs to thread '" + context.thread().getName() + "'; open one on this thread with engine.acquireGil() or engine.withGil(...)"
                    : "the GIL is released here (inside allowThreads); open a nested scope with engine.acquireGil()");
        }
        return context.gilHeld();
    }
}
