package dev.pyembed.spring.observability;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Engines and waiting helpers for the observability tests. */
public final class TestEngine {

    private TestEngine() {
    }

    /** A started engine on the runtime the build chose ({@code -Dpyembed.test.runtime}, default embedded). */
    public static PythonEngine start() {
        RuntimeSelection runtime = RuntimeSelection.valueOf(
                System.getProperty("pyembed.test.runtime", "embedded").toUpperCase(Locale.ROOT));
        return PythonEngine.builder().runtime(runtime).shutdownTimeout(Duration.ofSeconds(10)).start();
    }

    /**
     * Runs {@code work} on a new platform thread named {@code name}. (Not the common pool: with one or two cores it
     * has a single worker, and a task that blocks holding the GIL would keep the next task from ever starting.)
     */
    public static <T> CompletableFuture<T> onThread(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** {@link #onThread(String, Supplier)} for work without a result. */
    public static CompletableFuture<Void> onThread(String name, Runnable work) {
        return onThread(name, () -> {
            work.run();
            return null;
        });
    }

    /** Polls {@code condition} until it holds or 10 s passed; returns whether it held. */
    public static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // poll interval, not a synchronizer
        }
        return true;
    }
}
