package dev.pyembed.bench;

import dev.pyembed.PythonEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code start()} and {@code close()} of an engine, each timed alone, in one JVM: pyembed finalizes CPython on
 * close and initializes it again on the next start. The embedded runtime's extraction cache is warm (the first
 * warm-up start finds it, or fills it).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(1)
public class LifecycleBench {

    @State(Scope.Thread)
    public static class Engine {
        @Param({"EMBEDDED", "SYSTEM"})
        public String runtime;
        PythonEngine engine;

        @TearDown(Level.Iteration)
        public void closeIfOpen() {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }
    }

    @State(Scope.Thread)
    public static class Started extends Engine {
        @Setup(Level.Iteration)
        public void startEngine() {
            engine = PythonState.start(runtime);
        }
    }

    /** Locate the runtime, load libpython (once per JVM), initialize, run pyembed's bootstrap, release the GIL. */
    @Benchmark
    public PythonEngine start(Engine state) {
        return state.engine = PythonState.start(state.runtime);
    }

    /** Drain scopes, take the GIL back on the lifecycle thread, join non-daemon threads, Py_FinalizeEx. */
    @Benchmark
    public PythonEngine close(Started state) {
        PythonEngine engine = state.engine;
        engine.close();
        state.engine = null;
        return engine;
    }
}
