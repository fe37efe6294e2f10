package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.internal.capi.CApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An experiment, not an API: {@link ContentionBench} and {@code RawThreadsBench.cached*} with a Java
 * {@link ReentrantLock} (non-fair) taken around each GIL scope, so that Java threads queue on the Java lock and at
 * most one of them ever waits for the GIL. Shows what a lock inside pyembed's outermost scope would change.
 * {@code sync*} uses a {@code synchronized} monitor instead (on JDK 17 it pins a virtual thread to its carrier).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LockedContentionBench {

    private static final ReentrantLock LOCK = new ReentrantLock();

    static Object scopeCall(PythonState py, Handoffs handoffs) {
        LOCK.lock();
        try (Gil gil = py.engine.acquireGil()) {
            handoffs.tookGil();
            return py.f.call();
        } finally {
            LOCK.unlock();
        }
    }

    private static final Object MONITOR = new Object();

    /** The same with a {@code synchronized} monitor (HotSpot spins adaptively before parking). */
    static Object scopeCallSynchronized(PythonState py, Handoffs handoffs) {
        synchronized (MONITOR) {
            try (Gil gil = py.engine.acquireGil()) {
                handoffs.tookGil();
                return py.f.call();
            }
        }
    }

    static long raw(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        CApi api = raw.api;
        LOCK.lock();
        try {
            raw.switches.PyEval_RestoreThread(raw.tstate);
            handoffs.tookGil();
            long result = api.PyObject_Call(py.fHandle, py.emptyTuple, 0);
            api.Py_DecRef(result);
            raw.tstate = raw.switches.PyEval_SaveThread();
            return result;
        } finally {
            LOCK.unlock();
        }
    }

    @Benchmark
    @Threads(1)
    public Object pyembed01(PythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(2)
    public Object pyembed02(PythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(4)
    public Object pyembed04(PythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(8)
    public Object pyembed08(PythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(16)
    public Object pyembed16(PythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(2)
    public long raw02(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        return raw(py, raw, handoffs);
    }

    @Benchmark
    @Threads(8)
    public long raw08(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        return raw(py, raw, handoffs);
    }

    @Benchmark
    @Threads(2)
    public Object sync02(PythonState py, Handoffs handoffs) {
        return scopeCallSynchronized(py, handoffs);
    }

    @Benchmark
    @Threads(8)
    public Object sync08(PythonState py, Handoffs handoffs) {
        return scopeCallSynchronized(py, handoffs);
    }
}
