package dev.pyembed.bench;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;

import java.lang.management.ManagementFactory;

/**
 * A fresh JVM to the first Python result (not JMH: one shot per process). Run it several times and take the median:
 * {@code java -cp bench/target/benchmarks.jar dev.pyembed.bench.ColdStart [EMBEDDED|SYSTEM]}. It prints the time to
 * {@code main}, the engine's start, the first {@code eval} and the total since the JVM started; bench/README.md
 * ("Cold start") has the numbers and the breakdown.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long toMain = System.currentTimeMillis() - jvmStart;
        RuntimeSelection runtime = RuntimeSelection.valueOf(args.length > 0 ? args[0] : "EMBEDDED");
        long begin = System.nanoTime();
        try (PythonEngine engine = PythonEngine.builder().runtime(runtime).shutdownHook(false).start()) {
            long started = System.nanoTime();
            Object result = engine.withGil(gil -> gil.eval("1 + 1"));
            long first = System.nanoTime();
            System.out.printf("main %d ms, start %d ms, first result %d ms, total since JVM start %d ms (%s, %s)%n",
                    toMain, (started - begin) / 1_000_000, (first - started) / 1_000_000,
                    System.currentTimeMillis() - jvmStart, result, engine.nativeBackend());
        }
    }
}
