package dev.pyembed.bench;

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

/**
 * The C API through JNA at 1, 2 and 8 threads, no pyembed scope, aggregate throughput:
 * <ul>
 *   <li>{@code naive*}: per call {@code PyGILState_Ensure} + {@code PyObject_Call(f, ())} + {@code Py_DecRef}
 *       + {@code PyGILState_Release} on threads that have no thread state, so Ensure creates one and Release
 *       destroys it every time: the pattern pyembed's cached per-thread states replace;</li>
 *   <li>{@code cached*}: Restore + call + decref + Save of a per-thread cached state: what pyembed's scope does,
 *       without pyembed's bookkeeping.</li>
 * </ul>
 * Compare with {@link ContentionBench} ({@code busy=false}) at the same thread counts.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RawThreadsBench {

    static long naive(PythonState py) {
        CApi api = py.api;
        int state = py.switches.PyGILState_Ensure();
        long result = api.PyObject_Call(py.fHandle, py.emptyTuple, 0);
        api.Py_DecRef(result);
        py.switches.PyGILState_Release(state);
        return result;
    }

    static long cached(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        CApi api = raw.api;
        raw.switches.PyEval_RestoreThread(raw.tstate);
        handoffs.tookGil();
        long result = api.PyObject_Call(py.fHandle, py.emptyTuple, 0);
        api.Py_DecRef(result);
        raw.tstate = raw.switches.PyEval_SaveThread();
        return result;
    }

    @Benchmark
    @Threads(1)
    public long naive01(PythonState py) {
        return naive(py);
    }

    @Benchmark
    @Threads(2)
    public long naive02(PythonState py) {
        return naive(py);
    }

    @Benchmark
    @Threads(8)
    public long naive08(PythonState py) {
        return naive(py);
    }

    @Benchmark
    @Threads(1)
    public long cached01(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        return cached(py, raw, handoffs);
    }

    @Benchmark
    @Threads(2)
    public long cached02(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        return cached(py, raw, handoffs);
    }

    @Benchmark
    @Threads(8)
    public long cached08(PythonState py, ScopeBench.RawThread raw, Handoffs handoffs) {
        return cached(py, raw, handoffs);
    }
}
