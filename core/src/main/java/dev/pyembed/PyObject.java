package dev.pyembed;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.engine.Conversions;
import dev.pyembed.internal.engine.ExactNumbers;
import dev.pyembed.internal.gil.GilHeld;

import java.lang.ref.Cleaner;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A strong reference to a Python object, owned by Java.
 *
 * <p>Use it inside a GIL scope, on the thread that holds the GIL: elsewhere its methods throw
 * {@link IllegalStateException} (naming {@code acquireGil}/{@code withGil}), never crash. {@link #close()} drops
 * the reference at once (or, without the GIL, queues it for the next thread that holds it); a {@code PyObject}
 * that is never closed is released the same way after the garbage collector found it unreachable. After the
 * engine closed, references are forgotten without touching freed memory.
 *
 * <p>Arguments and results are converted by the table of {@link Conversions} (also in the README): Python values
 * without a Java counterpart stay {@code PyObject}s.
 */
public final class PyObject implements AutoCloseable, Iterable<Object> {

    private static final Cleaner CLEANER = Cleaner.create();

    private final PythonEngine engine;
    private final Reference reference;
    private final Cleaner.Cleanable cleanable;

    PyObject(PythonEngine engine, long handle) {
        this.engine = engine;
        this.reference = new Reference(handle, engine);
        this.cleanable = CLEANER.register(this, reference);
        engine.objectMade();
    }

    // ---- attributes ----

    /** {@code getattr(self, name)}, as a PyObject. */
    public PyObject getAttr(String name) {
        GilHeld gil = engine.requireGil();
        try {
            return new PyObject(engine, conversions().checked(gil,
                    gil.api().PyObject_GetAttrString(handle(gil), Utf8.cString(name))));
        } finally {
            fence();
        }
    }

    /** {@code setattr(self, name, value)} with {@code value} converted from Java. */
    public void setAttr(String name, Object value) {
        GilHeld gil = engine.requireGil();
        long converted = conversions().toPython(gil, value);
        try {
            if (gil.api().PyObject_SetAttrString(handle(gil), Utf8.cString(name), converted) != 0) {
                throw errors(gil);
            }
        } finally {
            gil.api().Py_DecRef(converted);
            fence();
        }
    }

    /** {@code hasattr(self, name)}. */
    public boolean hasAttr(String name) {
        GilHeld gil = engine.requireGil();
        try {
            return gil.api().PyObject_HasAttrString(handle(gil), Utf8.cString(name)) == 1;
        } finally {
            fence();
        }
    }

    // ---- calls ----

    /** Calls this object with positional arguments converted from Java; returns the result converted back. */
    public Object call(Object... args) {
        return call(args, (Map<String, ?>) null);
    }

    /** Calls this object with positional and keyword arguments ({@code kwargs} may be null). */
    public Object call(List<?> args, Map<String, ?> kwargs) {
        return call(args.toArray(), kwargs);
    }

    /** {@code self.name(*args)}. */
    public Object callMethod(String name, Object... args) {
        try (PyObject method = getAttr(name)) {
            return method.call(args);
        }
    }

    /**
     * Calls this async function (or any callable returning an awaitable) and runs the coroutine on the engine's
     * asyncio loop: see {@link PythonEngine#callAsync}. Refused, naming {@code call}, when the result is not awaitable.
     */
    public java.util.concurrent.CompletableFuture<Object> callAsync(Object... args) {
        GilHeld gil = engine.requireGil();
        try {
            return engine.asyncCalls().submit(gil, conversions().call(gil, handle(gil), args, null));
        } finally {
            fence();
        }
    }

    /** Runs this awaitable (a coroutine, task or future) on the engine's asyncio loop: see {@link PythonEngine#callAsync}. */
    public java.util.concurrent.CompletableFuture<Object> toFuture() {
        GilHeld gil = engine.requireGil();
        try {
            long awaitable = handle(gil);
            gil.api().Py_IncRef(awaitable);
            return engine.asyncCalls().submit(gil, awaitable);
        } finally {
            fence();
        }
    }

    /** Keyword arguments, built fluently: {@code fn.call(List.of(x), PyObject.kwargs().put("sep", ",").build())}. */
    public static Kwargs kwargs() {
        return new Kwargs();
    }

    private Object call(Object[] args, Map<String, ?> kwargs) {
        GilHeld gil = engine.requireGil();
        long result;
        try {
            result = conversions().call(gil, handle(gil), args, kwargs);
        } finally {
            fence();
        }
        try {
            return conversions().toJava(gil, result);
        } finally {
            gil.api().Py_DecRef(result);
        }
    }

    // ---- items, length, iteration ----

    /** {@code self[key]}. */
    public Object getItem(Object key) {
        GilHeld gil = engine.requireGil();
        long k = conversions().toPython(gil, key);
        try {
            long value = conversions().checked(gil, gil.api().PyObject_GetItem(handle(gil), k));
            try {
                return conversions().toJava(gil, value);
            } finally {
                gil.api().Py_DecRef(value);
            }
        } finally {
            gil.api().Py_DecRef(k);
            fence();
        }
    }

    /** {@code self[key] = value}. */
    public void setItem(Object key, Object value) {
        GilHeld gil = engine.requireGil();
        long k = conversions().toPython(gil, key);
        try {
            long v = conversions().toPython(gil, value);
            try {
                if (gil.api().PyObject_SetItem(handle(gil), k, v) != 0) {
                    throw errors(gil);
                }
            } finally {
                gil.api().Py_DecRef(v);
            }
        } finally {
            gil.api().Py_DecRef(k);
            fence();
        }
    }

    /** {@code len(self)}. */
    public long len() {
        GilHeld gil = engine.requireGil();
        long size;
        try {
            size = gil.api().PyObject_Size(handle(gil));
        } finally {
            fence();
        }
        if (size < 0) {
            throw errors(gil);
        }
        return size;
    }

    /** {@code iter(self)}: each {@code next()} converts one item; use it inside the GIL scope. */
    @Override
    public Iterator<Object> iterator() {
        GilHeld gil = engine.requireGil();
        PyObject iterator;
        try {
            iterator = new PyObject(engine, conversions().checked(gil, gil.api().PyObject_GetIter(handle(gil))));
        } finally {
            fence();
        }
        return new Iterator<>() {
            private long next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == 0 && !done) {
                    GilHeld held = engine.requireGil();
                    try {
                        next = held.api().PyIter_Next(iterator.handle(held));
                    } finally {
                        iterator.fence(); // the only owner of the Python iterator, which may run Python code
                    }
                    if (next == 0) {
                        done = true;
                        iterator.close();
                        if (held.api().PyErr_Occurred() != 0) {
                            throw errors(held);
                        }
                    }
                }
                return next != 0;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                GilHeld held = engine.requireGil();
                try {
                    return conversions().toJava(held, next);
                } finally {
                    held.api().Py_DecRef(next);
                    next = 0;
                }
            }
        };
    }

    // ---- identity, text, equality ----

    /** {@code repr(self)}. */
    public String repr() {
        GilHeld gil = engine.requireGil();
        try {
            return text(gil, gil.api().PyObject_Repr(handle(gil)));
        } finally {
            fence();
        }
    }

    /** {@code str(self)}. */
    public String str() {
        GilHeld gil = engine.requireGil();
        try {
            return text(gil, gil.api().PyObject_Str(handle(gil)));
        } finally {
            fence();
        }
    }

    /** The type's name, module-qualified unless builtin: {@code int}, {@code collections.OrderedDict}. */
    public String typeName() {
        GilHeld gil = engine.requireGil();
        try {
            return (String) engine.bootstrap().call(gil, "type_name", this);
        } finally {
            fence();
        }
    }

    /** {@code self is None}. */
    public boolean isNone() {
        GilHeld gil = engine.requireGil();
        return handle(gil) == conversions().none();
    }

    /**
     * {@code str(self)} inside a GIL scope; a placeholder without one. Never throws (loggers and string concatenation
     * call it): when {@code __str__} raises, {@code repr(self)}; when that raises too, {@code <type object at 0x...>}.
     */
    @Override
    public String toString() {
        if (!engine.isGilHeldByCurrentThread() || !isAlive()) {
            return "PyObject(" + (isAlive() ? "use inside a GIL scope to see its value" : "closed") + ")";
        }
        try {
            return str();
        } catch (PythonException strFailed) {
            try {
                return repr();
            } catch (PythonException reprFailed) {
                return typeAndAddress();
            }
        }
    }

    /** {@code <type object at 0x...>}, read from memory: no Python code runs, so nothing can fail. */
    private String typeAndAddress() {
        GilHeld gil = engine.requireGil();
        long handle = handle(gil);
        try {
            long type = conversions().typeOf(gil, handle);
            String name = gil.api().readCString(gil.api().readPointer(type + TP_NAME_OFFSET));
            return "<" + name + " object at 0x" + Long.toHexString(handle) + ">";
        } finally {
            fence();
        }
    }

    /** {@code PyTypeObject { PyObject_VAR_HEAD (refcnt, type, size); const char *tp_name; ... }} */
    private static final long TP_NAME_OFFSET = 24;

    /** Python's {@code ==}. Takes the GIL if this thread does not hold it. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PyObject that) || !isAlive() || !that.isAlive()) {
            return false;
        }
        return engine.withGil(gil -> {
            int result;
            try {
                result = gil.held().api().PyObject_RichCompareBool(handle(gil.held()), that.handle(gil.held()), CApi.PY_EQ);
            } finally {
                fence();
                that.fence();
            }
            if (result < 0) {
                throw errors(gil.held());
            }
            return result == 1;
        });
    }

    /** Python's {@code hash()}; 0 for unhashable objects (equal ones still hash alike). Takes the GIL if needed. */
    @Override
    public int hashCode() {
        if (!isAlive()) {
            return 0;
        }
        return engine.withGil(gil -> {
            long hash;
            try {
                hash = gil.held().api().PyObject_Hash(handle(gil.held()));
            } finally {
                fence();
            }
            if (hash == -1 && gil.held().api().PyErr_Occurred() != 0) {
                gil.held().api().PyErr_Clear();
                return 0;
            }
            return Long.hashCode(hash);
        });
    }

    // ---- conversions ----

    /** Converts by the table of {@link Conversions}; objects without a conversion stay PyObjects. */
    public Object toJava() {
        GilHeld gil = engine.requireGil();
        try {
            return conversions().toJava(gil, handle(gil));
        } finally {
            fence();
        }
    }

    /**
     * Converts to {@code type}, or fails with an {@link IllegalArgumentException} saying why. Numbers are exact:
     * an int that does not fit a {@code long} (or {@code int}) is refused rather than cut; use {@link BigInteger}.
     * Supported: String, Long/long, Integer/int, Double/double, Boolean/boolean, BigInteger, byte[], double[],
     * long[], List, Map, Set, PyObject, Function, Supplier, Object.
     */
    @SuppressWarnings("unchecked")
    public <T> T as(Class<T> type) {
        GilHeld gil = engine.requireGil();
        try {
            if (type == PyObject.class) {
                gil.api().Py_IncRef(handle(gil));
                return (T) new PyObject(engine, handle(gil));
            }
            if (type == double[].class) {
                return (T) PyBuffer.doubles(engine, gil, handle(gil));
            }
            if (type == long[].class) {
                return (T) PyBuffer.longs(engine, gil, handle(gil));
            }
        } finally {
            fence();
        }
        if (type == Function.class) {
            return (T) asFunction();
        }
        if (type == Supplier.class) {
            return (T) asSupplier();
        }
        Object value = toJava();
        Object converted = ExactNumbers.convert(value, type);
        if (converted == null && value != null) {
            throw new IllegalArgumentException("a Python " + typeName() + " cannot be converted to " + type.getName()
                    + (value instanceof PyObject ? "" : " (it converts to " + value.getClass().getName() + ")"));
        }
        return (T) converted;
    }

    /**
     * This object's memory without a copy, through Python's buffer protocol (a numpy array, {@code bytes},
     * {@code bytearray}, {@code array.array}, {@code memoryview}): format, shape, strides and NIO views over it. Close
     * it (try-with-resources) inside this scope; see {@link PyBuffer} for what a view may do after that. A buffer that
     * is not C-contiguous is refused ({@link IllegalArgumentException}, saying to call {@code np.ascontiguousarray}).
     */
    public PyBuffer buffer() {
        GilHeld gil = engine.requireGil();
        try {
            return PyBuffer.export(engine, gil, handle(gil));
        } finally {
            fence();
        }
    }

    /** The numbers of this list, array.array, numpy array or iterable, in one block (no call per element). */
    public double[] toDoubleArray() {
        return as(double[].class);
    }

    /** The integers of this list, array.array, numpy array or iterable, in one block (no call per element). */
    public long[] toLongArray() {
        return as(long[].class);
    }

    /**
     * This Python callable as a Java {@link Function}: each call takes the GIL on the calling thread (any thread,
     * also a virtual one) and converts the argument and the result.
     */
    public Function<Object, Object> asFunction() {
        return argument -> engine.withGil(gil -> call(argument));
    }

    /** This Python callable as a Java {@link Supplier} (called without arguments). */
    public Supplier<Object> asSupplier() {
        return () -> engine.withGil(gil -> call());
    }

    // ---- lifetime ----

    /** Drops the reference. Idempotent; without the GIL the drop is deferred to the next thread that holds it. */
    @Override
    public void close() {
        long handle = reference.take();
        cleanable.clean();
        if (handle == 0) {
            return;
        }
        if (engine.isGilHeldByCurrentThread()) {
            engine.requireGil().api().Py_DecRef(handle);
        } else {
            engine.decRefs().add(handle);
        }
    }

    /** Whether the reference is still held (not closed, engine not closed). */
    boolean isAlive() {
        return reference.handle != 0 && !engine.decRefs().isClosed();
    }

    long handle(GilHeld gil) {
        long handle = reference.handle;
        if (handle == 0) {
            throw new IllegalStateException("this PyObject was closed");
        }
        if (engine.decRefs().isClosed()) {
            throw new IllegalStateException("the engine that made this PyObject is closed");
        }
        return handle;
    }

    private Conversions conversions() {
        return engine.conversions();
    }

    /**
     * Keeps this object reachable until here. Every method that hands {@link #handle} to native code ends with it:
     * otherwise, once the handle is read, the JIT may treat this object as unreachable, its Cleaner queues the decref,
     * and a thread that takes the GIL while the native call runs Python code (or releases the GIL) frees the object
     * in the middle of the call.
     */
    void fence() {
        java.lang.ref.Reference.reachabilityFence(this);
    }

    private PythonException errors(GilHeld gil) {
        return engine.errors().fetch(gil);
    }

    private String text(GilHeld gil, long str) {
        conversions().checked(gil, str);
        try {
            return conversions().toJavaString(gil, str);
        } finally {
            gil.api().Py_DecRef(str);
        }
    }

    /** Keyword arguments for {@link #call(List, Map)}. */
    public static final class Kwargs {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Kwargs() {
        }

        public Kwargs put(String name, Object value) {
            values.put(name, value);
            return this;
        }

        public Map<String, Object> build() {
            return values;
        }
    }

    /** The Cleaner action: owns the handle, never the PyObject. */
    private static final class Reference implements Runnable {
        private volatile long handle;
        private final PythonEngine engine;

        Reference(long handle, PythonEngine engine) {
            this.handle = handle;
            this.engine = engine;
        }

        synchronized long take() {
            long h = handle;
            if (h != 0) {
                handle = 0;
                engine.objectReleased();
            }
            return h;
        }

        @Override
        public void run() {
            long h = take();
            if (h != 0) {
                engine.decRefs().add(h);
            }
        }
    }
}
