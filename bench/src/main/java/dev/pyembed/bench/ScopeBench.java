package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.ThreadSwitchApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * One thread, no contention: what a GIL scope costs, what a call costs with and without opening a scope, and the
 * same operations written directly against the C API through JNA (the floor pyembed is measured against).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScopeBench {

    static final List<Long> TEN_INTS = LongStream.range(0, 10).boxed().toList();

    /** An outer scope kept open for the whole iteration by the measuring thread. */
    @State(Scope.Thread)
    public static class OpenScope {
        Gil outer;

        @Setup(Level.Iteration)
        public void open(PythonState py) {
            outer = py.engine.acquireGil();
        }

        @TearDown(Level.Iteration)
        public void close() {
            outer.close();
        }
    }

    /** A {@code PyThreadState} of the measuring thread's own, created with the C API (no pyembed scope). */
    @State(Scope.Thread)
    public static class RawThread {
        CApi api;
        ThreadSwitchApi switches;
        long tstate;

        @Setup(Level.Trial)
        public void create(PythonState py) {
            api = py.api;
            switches = py.switches;
            tstate = switches.PyThreadState_New(py.interpreter);
        }
    }

    /** {@link RawThread} holding the GIL for the whole iteration. */
    @State(Scope.Thread)
    public static class RawHeld extends RawThread {
        @Setup(Level.Iteration)
        public void restore() {
            switches.PyEval_RestoreThread(tstate);
        }

        @TearDown(Level.Iteration)
        public void save() {
            tstate = switches.PyEval_SaveThread();
        }
    }

    // ---- 1. empty scopes ----

    /** Outermost scope: the gate, PyEval_RestoreThread of the thread's cached state, PyEval_SaveThread. */
    @Benchmark
    public void scopeEmpty(PythonState py) {
        try (Gil gil = py.engine.acquireGil()) {
            // nothing
        }
    }

    /** A scope opened inside one this thread already holds: re-entrant, only counts. */
    @Benchmark
    public void scopeNested(PythonState py, OpenScope open) {
        try (Gil gil = py.engine.acquireGil()) {
            // nothing
        }
    }

    // ---- 2. scope + one Python operation ----

    @Benchmark
    public Object scopeCallNoArgs(PythonState py) {
        try (Gil gil = py.engine.acquireGil()) {
            return py.f.call();
        }
    }

    @Benchmark
    public Object scopeCall3Args(PythonState py) {
        try (Gil gil = py.engine.acquireGil()) {
            return py.f3.call(42L, "hello", TEN_INTS);
        }
    }

    @Benchmark
    public Object scopeGetAttr(PythonState py) {
        try (Gil gil = py.engine.acquireGil(); PyObject pi = py.math.getAttr("pi")) {
            return pi;
        }
    }

    @Benchmark
    public Object scopeEval(PythonState py) {
        try (Gil gil = py.engine.acquireGil()) {
            return gil.eval("1+1");
        }
    }

    // ---- 3. the same inside an open scope (no scope cost) ----

    @Benchmark
    public Object inScopeCallNoArgs(PythonState py, OpenScope open) {
        return py.f.call();
    }

    @Benchmark
    public Object inScopeCall3Args(PythonState py, OpenScope open) {
        return py.f3.call(42L, "hello", TEN_INTS);
    }

    @Benchmark
    public Object inScopeGetAttr(PythonState py, OpenScope open) {
        try (PyObject pi = py.math.getAttr("pi")) {
            return pi;
        }
    }

    @Benchmark
    public Object inScopeEval(PythonState py, OpenScope open) {
        return open.outer.eval("1+1");
    }

    // ---- the floor: the C API through JNA, no pyembed ----

    /** PyEval_RestoreThread + PyEval_SaveThread of a cached thread state: 2 native calls. */
    @Benchmark
    public long rawRestoreSave(RawThread raw) {
        raw.switches.PyEval_RestoreThread(raw.tstate);
        return raw.tstate = raw.switches.PyEval_SaveThread();
    }

    /** Restore + PyObject_Call(f, ()) + Py_DecRef + Save: 4 native calls, result not converted. */
    @Benchmark
    public long rawRestoreCallSave(PythonState py, RawThread raw) {
        CApi api = raw.api;
        raw.switches.PyEval_RestoreThread(raw.tstate);
        long result = api.PyObject_Call(py.fHandle, py.emptyTuple, 0);
        api.Py_DecRef(result);
        return raw.tstate = raw.switches.PyEval_SaveThread();
    }

    /**
     * The least that gives f()'s result as a Java long: Restore + PyObject_CallNoArgs + PyLong_AsLongLong + Py_DecRef +
     * Save, 5 native calls (pyembed's scope + f() makes these and reads ob_type).
     */
    @Benchmark
    public long rawRestoreCallConvertSave(PythonState py, RawThread raw) {
        CApi api = raw.api;
        raw.switches.PyEval_RestoreThread(raw.tstate);
        long result = api.PyObject_CallNoArgs(py.fHandle);
        long value = api.PyLong_AsLongLong(result);
        api.Py_DecRef(result);
        raw.tstate = raw.switches.PyEval_SaveThread();
        return value;
    }

    /** PyObject_Call(f, ()) + Py_DecRef with the GIL already held: 2 native calls. */
    @Benchmark
    public long rawCallInScope(PythonState py, RawHeld raw) {
        CApi api = raw.api;
        long result = api.PyObject_Call(py.fHandle, py.emptyTuple, 0);
        api.Py_DecRef(result);
        return result;
    }
}
