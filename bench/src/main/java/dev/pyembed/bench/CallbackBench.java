package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Python calling Java: one operation is one call in a Python loop of {@value #N} calls run in one GIL scope (the
 * scope and the Java-to-Python call that starts the loop are spread over the N calls), to a function registered
 * with {@code engine.register}: no arguments and {@code null} back (None), with the GIL released while Java runs
 * (the default) or kept; one {@code long} argument given back (a conversion each way), GIL kept. The same loop
 * calling C builtins of the same shapes ({@code int()}, {@code abs(1)}) and doing nothing ({@code pass}) is the
 * floor: the Java upcall's own cost is the difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(CallbackBench.N)
public class CallbackBench {

    static final int N = 1000;

    static final String LOOPS = """
            import pyembed

            def loop_java_releasing(n):
                g = pyembed.bench_noop_releasing
                for _ in range(n):
                    g()

            def loop_java_keeping(n):
                g = pyembed.bench_noop_keeping
                for _ in range(n):
                    g()

            def loop_java_keeping_one_arg(n):
                g = pyembed.bench_identity_keeping
                for _ in range(n):
                    g(1)

            def loop_builtin_no_args(n):
                g = int
                for _ in range(n):
                    g()

            def loop_builtin_one_arg(n):
                g = abs
                for _ in range(n):
                    g(1)

            def loop_empty(n):
                for _ in range(n):
                    pass
            """;

    /** {@link PythonState} with three Java functions registered and the loops defined. */
    @State(Scope.Benchmark)
    public static class Loops extends PythonState {
        PyObject javaReleasing;
        PyObject javaKeeping;
        PyObject javaKeepingOneArg;
        PyObject builtinNoArgs;
        PyObject builtinOneArg;
        PyObject empty;

        @Override
        protected void afterStart(Gil gil) {
            engine.register("bench_noop_releasing", args -> null);
            engine.register("bench_noop_keeping", args -> null, false);
            engine.register("bench_identity_keeping", args -> args[0], false);
            gil.exec(LOOPS);
            javaReleasing = (PyObject) gil.eval("loop_java_releasing");
            javaKeeping = (PyObject) gil.eval("loop_java_keeping");
            javaKeepingOneArg = (PyObject) gil.eval("loop_java_keeping_one_arg");
            builtinNoArgs = (PyObject) gil.eval("loop_builtin_no_args");
            builtinOneArg = (PyObject) gil.eval("loop_builtin_one_arg");
            empty = (PyObject) gil.eval("loop_empty");
        }

        @Override
        protected void beforeClose(Gil gil) {
            for (PyObject o : new PyObject[] {javaReleasing, javaKeeping, javaKeepingOneArg, builtinNoArgs, builtinOneArg, empty}) {
                o.close();
            }
        }

        Object loop(PyObject loop) {
            try (Gil gil = engine.acquireGil()) {
                return loop.call(N);
            }
        }
    }

    /** {@code pyembed.bench_noop_releasing()}: Java {@code args -> null}, the GIL released while it runs. */
    @Benchmark
    public Object javaNoArgsReleasingGil(Loops loops) {
        return loops.loop(loops.javaReleasing);
    }

    /** {@code pyembed.bench_noop_keeping()}: Java {@code args -> null}, the GIL kept. */
    @Benchmark
    public Object javaNoArgsKeepingGil(Loops loops) {
        return loops.loop(loops.javaKeeping);
    }

    /** {@code pyembed.bench_identity_keeping(1)}: Java {@code args -> args[0]} (int to Long and back), GIL kept. */
    @Benchmark
    public Object javaOneArgKeepingGil(Loops loops) {
        return loops.loop(loops.javaKeepingOneArg);
    }

    /** {@code int()}: a C builtin called with no arguments (the floor of the no-argument calls). */
    @Benchmark
    public Object builtinNoArgs(Loops loops) {
        return loops.loop(loops.builtinNoArgs);
    }

    /** {@code abs(1)}: a C builtin called with one small int (the floor of the one-argument call). */
    @Benchmark
    public Object builtinOneArg(Loops loops) {
        return loops.loop(loops.builtinOneArg);
    }

    /** {@code pass}: the loop itself. */
    @Benchmark
    public Object emptyLoop(Loops loops) {
        return loops.loop(loops.empty);
    }
}
