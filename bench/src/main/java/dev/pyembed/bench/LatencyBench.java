package dev.pyembed.bench;

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
 * The distribution (p50, p99, max) of one scope + {@code f()} as each of N threads sees it: under contention
 * almost all of it is the wait for the GIL inside {@code acquireGil()} (the call itself is ~0.2 us).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LatencyBench {

    @Benchmark
    @Threads(1)
    public Object threads01(BusyPythonState py) {
        return ContentionBench.scopeCall(py);
    }

    @Benchmark
    @Threads(2)
    public Object threads02(BusyPythonState py) {
        return ContentionBench.scopeCall(py);
    }

    @Benchmark
    @Threads(8)
    public Object threads08(BusyPythonState py) {
        return ContentionBench.scopeCall(py);
    }

    @Benchmark
    @Threads(16)
    public Object threads16(BusyPythonState py) {
        return ContentionBench.scopeCall(py);
    }
}
