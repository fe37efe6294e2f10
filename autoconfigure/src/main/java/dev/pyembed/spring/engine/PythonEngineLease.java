package dev.pyembed.spring.engine;

import dev.pyembed.EngineState;
import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One application context's use of the JVM's {@link PythonEngine} (see {@link PythonEngineRegistry}). Closing it
 * (when the context closes) withdraws what the context gave Python, and closes the engine when no other context uses
 * it. A lease on an engine the application defined itself ({@link #own(PythonEngine)}) closes that engine.
 */
public final class PythonEngineLease implements AutoCloseable {

    private final PythonEngineRegistry registry; // null: the application's own engine
    private final PythonEngine engine;
    private final String owner;
    private final boolean created;
    private final List<String> pythonPath;
    private final Object lock = new Object();
    private boolean pythonPathJoined; // guarded by lock
    private boolean closed; // guarded by lock

    PythonEngineLease(PythonEngineRegistry registry, PythonEngine engine, String owner, boolean created,
                      List<String> pythonPath) {
        this.registry = registry;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.owner = owner;
        this.created = created;
        this.pythonPath = List.copyOf(pythonPath);
    }

    /** A lease on an engine the application built itself: not shared; {@link #close()} closes the engine. */
    public static PythonEngineLease own(PythonEngine engine) {
        return new PythonEngineLease(null, engine, "the application's own PythonEngine bean", true, List.of());
    }

    public PythonEngine engine() {
        return engine;
    }

    /** The context this lease belongs to, as error messages name it. */
    public String owner() {
        return owner;
    }

    /** Whether this lease built the engine (its settings and python-path went into the engine's builder). */
    boolean created() {
        return created;
    }

    List<String> pythonPath() {
        return pythonPath;
    }

    /** Whether {@link #joinPythonPath()} counted this lease's folders (only then does its end withdraw them). */
    boolean pythonPathJoined() {
        synchronized (lock) {
            return pythonPathJoined;
        }
    }

    /** {@code engine.registerObject(...)}, withdrawn again when this lease ends. */
    public void registerObject(String name, Object target, boolean releasesGil) {
        if (registry == null) {
            engine.registerObject(name, target, releasesGil);
        } else {
            registry.registerObject(this, name, target, releasesGil);
        }
    }

    /**
     * Once the engine runs: puts this context's python-path folders that the engine does not have yet in front of
     * {@code sys.path} (a context that shares an engine another context built). Once per lease.
     */
    public void joinPythonPath() {
        synchronized (lock) {
            if (pythonPathJoined || registry == null || engine.state() != EngineState.RUNNING) {
                return;
            }
            pythonPathJoined = true;
        }
        List<String> missing = registry.usePythonPath(this);
        if (!missing.isEmpty()) {
            engine.runWithGil(gil -> sysPath(gil, path -> {
                for (int i = missing.size() - 1; i >= 0; i--) {
                    path.callMethod("insert", 0, missing.get(i));
                }
            }));
        }
    }

    /** Makes this context's {@code @PythonCallable} beans Python's again (its context started again). */
    public void activate() {
        if (registry != null) {
            registry.activate(this);
        }
    }

    /** Ends the lease: withdraws what this context gave Python; the last lease closes the engine. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (registry == null) {
            engine.close();
        } else {
            registry.release(this);
        }
    }

    static void sysPath(Gil gil, Consumer<PyObject> work) {
        try (PyObject sys = gil.importModule("sys"); PyObject path = sys.getAttr("path")) {
            work.accept(path);
        }
    }

    @Override
    public String toString() {
        return "PythonEngineLease[" + owner + "]";
    }
}
