package dev.pyembed.internal.gil;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Admits GIL scopes while the engine runs and lets shutdown wait for those in flight (also those inside
 * {@code allowThreads}, which hold no GIL but will take it back). A thread that tried to take the GIL during
 * or after {@code Py_FinalizeEx} would hang (3.14) or be killed by {@code pthread_exit} (older versions):
 * this Java-side gate is what keeps Java threads out.
 */
public final class ScopeGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Supplier<RuntimeException> refusal;
    private volatile boolean open;

    public ScopeGate(Supplier<RuntimeException> refusal) {
        this.refusal = refusal;
    }

    private volatile Runnable firstEntry;

    public void open() {
        open = true;
    }

    /** Runs {@code wake} when a scope enters while none is in flight (the call watcher looks again); cheap and quick. */
    public void onFirstEntry(Runnable wake) {
        this.firstEntry = wake;
    }

    /** Counts the caller in, or throws the refusal when the gate is closed. */
    public void enter() {
        // Count first, then look: either close() sees this scope, or this scope sees the gate closed.
        if (inFlight.incrementAndGet() == 1) {
            Runnable wake = firstEntry;
            if (wake != null) {
                wake.run();
            }
        }
        if (!open) {
            exit();
            throw refusal.get();
        }
    }

    public void exit() {
        if (inFlight.decrementAndGet() == 0 && !open) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Refuses new scopes, then waits up to {@code timeout} for those in flight; true when none is left. */
    public boolean closeAndDrain(Duration timeout) throws InterruptedException {
        open = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
