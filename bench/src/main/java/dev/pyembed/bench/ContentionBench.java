package dev.pyembed.bench;

import dev.pyembed.Gil;
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
 * N Java threads, each doing scope + {@code f()} in a loop: the aggregate throughput (JMH sums the threads).
 * The GIL lets one thread run Python at a time, so the ideal is flat: N threads together as fast as one.
 * With {@code busy=true} a Python thread spins for the whole trial and competes for the GIL. The secondary result
 * {@code handoffs} counts how often the GIL changed Java hands ({@link Handoffs}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContentionBench {

    static Object scopeCall(BusyPythonState py) {
        try (Gil gil = py.engine.acquireGil()) {
            return py.f.call();
        }
    }

    static Object scopeCall(BusyPythonState py, Handoffs handoffs) {
        try (Gil gil = py.engine.acquireGil()) {
            handoffs.tookGil();
            return py.f.call();
        }
    }

    @Benchmark
    @Threads(1)
    public Object threads01(BusyPythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(2)
    public Object threads02(BusyPythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(4)
    public Object threads04(BusyPythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(8)
    public Object threads08(BusyPythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }

    @Benchmark
    @Threads(16)
    public Object threads16(BusyPythonState py, Handoffs handoffs) {
        return scopeCall(py, handoffs);
    }
}
