package dev.pyembed.internal.gil;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Java lock in front of the GIL for Java threads (opt-in): at most one Java thread at a time waits for the GIL,
 * the others wait here. CPython hands the GIL to a waiting thread with a futex wake-up and a context switch; with
 * many Java threads waiting that happens on almost every scope, and 8 threads together get ~45 % of what one gets
 * alone (bench/README.md). Behind this non-fair lock a thread that just closed its scope usually takes the next one
 * at once, and the GIL changes hands far less often.
 *
 * <p>The wait here is bounded ({@code maxWait}): the lock holder may be inside Python code that released the GIL
 * (I/O, {@code time.sleep}, {@code thread.join()}), and the thread it waits for may be a Java thread that needs a
 * scope. After {@code maxWait} a thread goes straight to the GIL, as without the queue, so the queue can delay a
 * scope but never deadlock one. Rules, checked by {@code GilScopes}: only a thread that does not hold the GIL
 * enters (never a Python thread inside a callback), and the queue is left whenever the GIL is given back
 * ({@code allowThreads}, GIL-releasing callbacks).
 *
 * <p>What it costs besides that bounded delay: against a Python thread running CPU-bound code, the thread in front
 * waits a switch interval for the GIL while the others wait behind it, so Java scopes get the GIL one at a time
 * instead of several per hand-over (bench/README.md, LatencyBench with {@code busy=true}).
 */
public final class JavaCallerQueue {

    private final ReentrantLock lock = new ReentrantLock(false); // barging is the point
    private final long maxWaitNanos;

    public JavaCallerQueue(Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("the Java caller queue's max wait must be positive, was " + maxWait);
        }
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Enters the queue (GIL not held); false when {@code maxWait} passed first: then go to the GIL directly. */
    public boolean enter() {
        if (lock.tryLock()) {
            return true;
        }
        try {
            return lock.tryLock(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the GIL wait that follows is not interruptible anyway
            return false;
        }
    }

    /** Leaves the queue; only after {@link #enter()} returned true on this thread. */
    public void exit() {
        lock.unlock();
    }

    public Duration maxWait() {
        return Duration.ofNanos(maxWaitNanos);
    }
}
