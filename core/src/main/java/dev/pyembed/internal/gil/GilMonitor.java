package dev.pyembed.internal.gil;

import dev.pyembed.GilListener;
import dev.pyembed.GilScopeInfo;
import dev.pyembed.GilStatus;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonInterruptedException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who holds the GIL among Java scopes, who waits, and the listener events. Times are taken only once someone
 * asked for them (a listener, a status snapshot, a timed acquire): before that the hot path does no clock reads.
 */
public final class GilMonitor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GilMonitor.class);
    private static final GilListener[] NONE = new GilListener[0];

    private final Object timedLock = new Object();
    private final AtomicInteger timedWaiters = new AtomicInteger();
    private volatile GilListener[] listeners = NONE;
    private volatile boolean timing;
    /**
     * The Java scope holding the GIL. Written on every scope with release semantics only (no fence: two of the few
     * ns a scope costs); readers are snapshots and timed waiters, which re-check at least every millisecond
     * ({@link #awaitNoJavaHolder}), so a notify missed by that weaker ordering costs a timed waiter 1 ms at most.
     */
    private volatile ThreadContext holder;
    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(GilMonitor.class, "holder", ThreadContext.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public synchronized void add(GilListener listener) {
        GilListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
        timing = true;
    }

    public synchronized void remove(GilListener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(GilListener[]::new);
    }

    // ---- the hot path, on the scope's own thread ----

    /** Before the thread blocks for the GIL; {@code origin}/{@code label} are ignored when the scope is known. */
    public void waitStarted(ThreadContext context, String origin, String label) {
        if (!timing) {
            if (label != null && context.scopeInfo() == null) { // for holder(): who holds it, no clock read
                context.scopeInfo(scopeInfo(context, origin, label));
            }
            return;
        }
        context.waitingSince(System.nanoTime());
        GilListener[] current = listeners;
        GilScopeInfo info = context.scopeInfo();
        if (info == null && (current.length > 0 || label != null)) {
            info = scopeInfo(context, origin, label);
            context.scopeInfo(info);
        }
        for (GilListener listener : current) {
            try {
                listener.waitStarted(info);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    /** The thread's last info when it describes the same scope (a thread mostly runs the same code): no allocation. */
    private static GilScopeInfo scopeInfo(ThreadContext context, String origin, String label) {
        GilScopeInfo last = context.lastScopeInfo();
        if (last != null && Objects.equals(last.origin(), origin) && Objects.equals(last.label(), label)) {
            return last;
        }
        GilScopeInfo info = new GilScopeInfo(context.thread(), origin, label);
        context.lastScopeInfo(info);
        return info;
    }

    public void acquired(ThreadContext context) {
        context.countHold(); // before the holder is published: a poll that sees the holder sees this hold's number
        HOLDER.setRelease(this, context);
        if (!timing) {
            return;
        }
        long now = System.nanoTime();
        long since = context.waitingSince();
        long waited = since == 0 ? 0 : now - since;
        context.waitingSince(0);
        context.holdingSince(now);
        GilListener[] current = listeners;
        GilScopeInfo info;
        if (current.length > 0 && (info = context.scopeInfo()) != null) {
            for (GilListener listener : current) {
                try {
                    listener.acquired(info, waited, now);
                } catch (RuntimeException e) {
                    failed(listener, e);
                }
            }
        }
    }

    public void releasing(ThreadContext context) {
        HOLDER.setRelease(this, null);
        if (timedWaiters.get() > 0) {
            synchronized (timedLock) {
                timedLock.notifyAll();
            }
        }
        if (!timing) {
            return;
        }
        endHold(context);
    }

    /** The context's hold ends: listeners get its length (when its start is known), and the start is forgotten. */
    private void endHold(ThreadContext context) {
        long since = context.holdingSince();
        context.holdingSince(0);
        GilListener[] current = listeners;
        GilScopeInfo info;
        if (current.length > 0 && since != 0 && (info = context.scopeInfo()) != null) {
            long now = System.nanoTime();
            long held = now - since;
            for (GilListener listener : current) {
                try {
                    listener.released(info, held, now);
                } catch (RuntimeException e) {
                    failed(listener, e);
                }
            }
        }
    }

    /**
     * A Python thread's callback returns to Python: it keeps the GIL, but is no Java scope any more. If it took the
     * GIL back inside the callback (after allowThreads), that hold ends here for listeners.
     */
    public void forget(ThreadContext context) {
        if (holder == context) {
            HOLDER.setRelease(this, null);
        }
        endHold(context);
        context.waitingSince(0);
        context.scopeInfo(null);
    }

    /** The scope is fully closed: forget its info (a volatile write only when there is one: a fence less). */
    public void closed(ThreadContext context) {
        if (context.scopeInfo() != null) {
            context.scopeInfo(null);
        }
    }

    /** A listener that throws must not break a GIL scope half-way (the scope's bookkeeping goes on). */
    private static void failed(GilListener listener, RuntimeException e) {
        log.warn("pyembed: GilListener {} threw; the GIL scope goes on", listener, e);
    }

    // ---- timed acquire ----

    /**
     * Waits (on the Java side, so a virtual thread does not pin its carrier in native code) until no other Java
     * scope holds the GIL, or throws {@link GilTimeoutException} naming the holder. What remains after is a wait
     * for Python threads, which hand the GIL over every switch interval (5 ms) unless they run C code that keeps it.
     */
    public void awaitNoJavaHolder(ThreadContext context, Duration timeout, String origin, String label) {
        timing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        ThreadContext current = holder;
        if (current == null || current == context) {
            return;
        }
        timedWaiters.incrementAndGet();
        try {
            synchronized (timedLock) {
                while ((current = holder) != null && current != context) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw timeout(context, timeout, current, origin, label);
                    }
                    timedLock.wait(Math.max(1, Math.min(left / 1_000_000, 1)), 0); // see holder: re-check every ms
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonInterruptedException("interrupted while waiting for the GIL (no Python code ran)", "", e);
        } finally {
            timedWaiters.decrementAndGet();
        }
    }

    private GilTimeoutException timeout(ThreadContext context, Duration timeout, ThreadContext current,
                                        String origin, String label) {
        long since = current.holdingSince();
        Duration heldFor = since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
        GilScopeInfo info = new GilScopeInfo(context.thread(), origin, label);
        for (GilListener listener : listeners) {
            try {
                listener.timedOut(info, timeout.toNanos());
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
        return new GilTimeoutException(timeout, current.thread().getName(), heldFor);
    }

    // ---- snapshots ----

    /**
     * How long the Java holder has held the GIL; zero when none. Exact when times are tracked. When not (no listener,
     * no status asked for), a lower bound that costs the scopes nothing: a hold is the holder and its hold number,
     * and its age counts from the first call that saw it, so a caller that polls every {@code p} sees a hold's age
     * at most {@code p} short.
     */
    public Duration holdAge() {
        ThreadContext current = holder;
        return current == null ? Duration.ZERO : Duration.ofNanos(holdAgeNanos(current, System.nanoTime()));
    }

    /** The Java holder with its stack, like {@link #status}, but without turning time tracking on. */
    public Optional<GilStatus.Holder> holder() {
        return holderAt(System.nanoTime());
    }

    private Optional<GilStatus.Holder> holderAt(long now) {
        ThreadContext current = holder;
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(new GilStatus.Holder(current.thread().getName(), label(current),
                Duration.ofNanos(holdAgeNanos(current, now)), current.thread().getStackTrace()));
    }

    private ThreadContext seenHolder;
    private long seenHold;
    private long seenSince;

    private synchronized long holdAgeNanos(ThreadContext current, long now) {
        long since = current.holdingSince();
        if (since != 0) {
            return Math.max(0, now - since);
        }
        long hold = current.holds();
        if (current != seenHolder || hold != seenHold) {
            seenHolder = current;
            seenHold = hold;
            seenSince = now;
        }
        return now - seenSince;
    }

    /** Threads between asking for the GIL and holding it now (seen once times are tracked: this turns it on). */
    public int waitingThreads(ThreadStates states) {
        timing = true;
        int waiting = 0;
        for (ThreadContext context : states.liveContexts()) {
            if (context.waitingSince() != 0) {
                waiting++;
            }
        }
        return waiting;
    }

    /** Whether a Java scope (or a Java callback that took the GIL back) holds the GIL now; no clock, no stack. */
    public boolean javaHolder() {
        return holder != null;
    }

    public GilStatus status(ThreadStates states) {
        timing = true;
        long now = System.nanoTime();
        Optional<GilStatus.Holder> holding = holderAt(now);
        List<GilStatus.Waiter> waiters = new ArrayList<>();
        for (ThreadContext context : states.liveContexts()) {
            long since = context.waitingSince();
            if (since != 0) {
                waiters.add(new GilStatus.Waiter(context.thread().getName(), label(context), Duration.ofNanos(now - since)));
            }
        }
        waiters.sort(Comparator.comparing(GilStatus.Waiter::waitingFor).reversed());
        return new GilStatus(holding, waiters);
    }

    private static String label(ThreadContext context) {
        GilScopeInfo info = context.scopeInfo();
        return info == null ? null : info.label();
    }
}
