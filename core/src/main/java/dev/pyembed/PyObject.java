package dev.pyembed;

import dev.pyembed.internal.GilHeld;
import dev.pyembed.internal.ReleaseQueue;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;

import java.lang.ref.Cleaner;

/**
 * A strong reference to a Python object, owned by Java. Use it inside a GIL scope on the thread that holds
 * the GIL; elsewhere its methods throw {@link IllegalStateException}. {@link #close()} drops the reference at
 * once (or, without the GIL, queues it for the next thread that holds it); a {@code PyObject} that is never
 * closed is released the same way after the garbage collector found it unreachable.
 */
public final class PyObject implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final PythonEngine engine;
    private final Reference reference;
    private final Cleaner.Cleanable cleanable;

    PyObject(PythonEngine engine, long handle) {
        this.engine = engine;
        this.reference = new Reference(handle, engine.releases());
        this.cleanable = CLEANER.register(this, reference);
    }

    /** {@code getattr(self, name)}. */
    public PyObject getAttr(String name) {
        GilHeld gil = engine.requireGil();
        return new PyObject(engine, engine.conversions().checked(gil,
                gil.api().PyObject_GetAttrString(handle(gil), Utf8.cString(name))));
    }

    /** Calls this object with positional arguments converted from Java; the result converted back. */
    public Object call(Object... args) {
        GilHeld gil = engine.requireGil();
        CApi api = gil.api();
        Conversions conversions = engine.conversions();
        long tuple = conversions.checked(gil, api.PyTuple_New(args.length));
        try {
            for (int i = 0; i < args.length; i++) {
                api.PyTuple_SetItem(tuple, i, conversions.toPython(gil, args[i]));
            }
            long result = conversions.checked(gil, api.PyObject_Call(handle(gil), tuple, 0));
            try {
                return conversions.toJava(gil, result);
            } finally {
                api.Py_DecRef(result);
            }
        } finally {
            api.Py_DecRef(tuple);
        }
    }

    /**
     * This Python callable as a Java {@link java.util.function.Function}: each call takes the GIL on the calling
     * thread (any thread, also a virtual one) and converts the argument and the result.
     */
    public java.util.function.Function<Object, Object> asFunction() {
        return argument -> engine.withGil(gil -> call(argument));
    }

    /** This Python callable as a Java {@link java.util.function.Supplier} (called without arguments). */
    public java.util.function.Supplier<Object> asSupplier() {
        return () -> engine.withGil(gil -> call());
    }

    /** Converts this object by the table of {@link Conversions}; objects without a conversion stay PyObjects. */
    public Object toJava() {
        GilHeld gil = engine.requireGil();
        return engine.conversions().toJava(gil, handle(gil));
    }

    /** {@code repr(self)}. */
    public String repr() {
        GilHeld gil = engine.requireGil();
        return text(gil, gil.api().PyObject_Repr(handle(gil)));
    }

    /** {@code str(self)}. */
    @Override
    public String toString() {
        if (!engine.scopes().currentThreadHoldsGil()) {
            return "PyObject(use inside a GIL scope to see its value)";
        }
        GilHeld gil = engine.requireGil();
        return text(gil, gil.api().PyObject_Str(handle(gil)));
    }

    private String text(GilHeld gil, long str) {
        engine.conversions().checked(gil, str);
        try {
            return engine.conversions().toJavaString(gil, str);
        } finally {
            gil.api().Py_DecRef(str);
        }
    }

    /** Drops the reference. Idempotent; without the GIL the drop is deferred to the next thread that holds it. */
    @Override
    public void close() {
        long handle = reference.take();
        cleanable.clean();
        if (handle == 0) {
            return;
        }
        if (engine.scopes().currentThreadHoldsGil()) {
            engine.requireGil().api().Py_DecRef(handle);
        } else {
            engine.releases().add(handle);
        }
    }

    /** Whether the reference is still held (not closed, engine not closed). */
    boolean isAlive() {
        return reference.handle != 0 && !engine.releases().isClosed();
    }

    long handle(GilHeld gil) {
        long handle = reference.handle;
        if (handle == 0) {
            throw new IllegalStateException("this PyObject was closed");
        }
        if (engine.releases().isClosed()) {
            throw new IllegalStateException("the engine that made this PyObject is closed");
        }
        return handle;
    }

    /** The Cleaner action: owns the handle, never the PyObject. */
    private static final class Reference implements Runnable {
        private volatile long handle;
        private final ReleaseQueue releases;

        Reference(long handle, ReleaseQueue releases) {
            this.handle = handle;
            this.releases = releases;
        }

        synchronized long take() {
            long h = handle;
            handle = 0;
            return h;
        }

        @Override
        public void run() {
            long h = take();
            if (h != 0) {
                releases.add(h);
            }
        }
    }
}
