package dev.pyembed.bench;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonInterpreterPool;
import dev.pyembed.RuntimeSelection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A CPU-bound pure-Python function (10^7 additions) run twice at once: from 2 Java threads on the main interpreter
 * (one GIL: they take turns) versus on 2 sub-interpreters with their own GIL (CPython 3.12+: they run in parallel).
 * The ratio of the two is the speed-up on this machine; with 2 cores the ceiling is 2x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SubInterpreterBench {

    private static final String WORK = "def work():\n    s = 0\n    for i in range(10_000_000):\n        s += i\n    return s\n";

    private PythonEngine engine;
    private PythonInterpreterPool pool;
    private ExecutorService twoThreads;

    @Setup
    public void start() {
        engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).output((stream, line) -> { }).start();
        engine.runWithGil(gil -> gil.exec(WORK));
        pool = engine.interpreterPool(2);
        for (int i = 0; i < 2; i++) {
            pool.submitTo(i, interp -> {
                interp.exec(WORK);
                return null;
            }).join();
        }
        twoThreads = Executors.newFixedThreadPool(2);
    }

    @TearDown
    public void stop() {
        twoThreads.shutdown();
        engine.close();
    }

    @Benchmark
    public Object mainInterpreterTwoThreads() {
        CompletableFuture<Object> a = CompletableFuture.supplyAsync(() -> engine.withGil(gil -> gil.eval("work()")), twoThreads);
        CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> engine.withGil(gil -> gil.eval("work()")), twoThreads);
        return a.join().equals(b.join());
    }

    @Benchmark
    public Object twoSubInterpreters() {
        CompletableFuture<Object> a = pool.submitTo(0, interp -> interp.eval("work()"));
        CompletableFuture<Object> b = pool.submitTo(1, interp -> interp.eval("work()"));
        return a.join().equals(b.join());
    }
}
