package dev.pyembed.internal.engine;

import dev.pyembed.Gil;
import dev.pyembed.GilScopeInfo;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.PythonInterruptedException;
import dev.pyembed.PythonTimeoutException;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.ThreadContext;
import dev.pyembed.internal.gil.ThreadStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops Python calls whose Java thread was interrupted or whose deadline passed. Java has no interrupt callback, so
 * this thread ({@code pyembed-call-watcher}) looks every {@value #TICK_MILLIS} ms while GIL scopes are in flight, and
 * sleeps (parked, no CPU) when none has been for a second; the first scope after that wakes it. The scopes pay for it
 * with one volatile read on a thread's first scope after an idle period, and nothing else.
 *
 * <p>To stop a call it takes the GIL itself, checks again that the thread is still in a Java scope that should
 * stop, and schedules {@code pyembed.Interrupted} (or {@code pyembed.DeadlineExceeded}) for that thread with
 * {@code PyThreadState_SetAsyncExc}: CPython raises it at the thread's next bytecode check, so Python's
 * {@code finally} and {@code with} blocks run. What was scheduled is cleared when the scope closes, so that it can
 * never fire in a later call.
 */
public final class CallWatcher implements Runnable {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private static final Logger log = LoggerFactory.getLogger(CallWatcher.class);
    public static final long TICK_MILLIS = 10;
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final long LINGER = TimeUnit.SECONDS.toNanos(1);
    public static final String LABEL = "pyembed.call-watcher";

    private final PythonEngine engine;
    private final EngineParts parts;
    private final ThreadStates states;
    private final java.util.function.IntSupplier inFlight;
    private final Thread thread;
    private final java.util.concurrent.atomic.LongAdder deadlineStops = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder interruptStops = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean parked;
    private volatile boolean running = true;

    public CallWatcher(PythonEngine engine, ThreadStates states, java.util.function.IntSupplier inFlight) {
        this.engine = engine;
        this.parts = ACCESS.parts(engine);
        this.states = states;
        this.inFlight = inFlight;
        this.thread = new Thread(this, "pyembed-call-watcher");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** How many calls this watcher stopped because their deadline passed. */
    public long deadlineStops() {
        return deadlineStops.sum();
    }

    /** How many calls this watcher stopped because their thread was interrupted. */
    public long interruptStops() {
        return interruptStops.sum();
    }

    /** A scope started after an idle period: look again (cheap when the watcher is awake already). */
    public void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    public void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        long lastBusy = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (inFlight.getAsInt() > 0) {
                lastBusy = now;
                try {
                    check(now);
                } catch (RuntimeException | Error e) {
                    if (!running) {
                        return;
                    }
                    log.warn("pyembed: the call watcher failed to stop a Python call; it goes on", e);
                }
                LockSupport.parkNanos(this, TICK);
            } else if (now - lastBusy < LINGER) {
                LockSupport.parkNanos(this, TICK);
            } else {
                parked = true;
                if (inFlight.getAsInt() == 0 && running) { // re-check after publishing parked: no wake-up is lost
                    LockSupport.park(this);
                }
                parked = false;
                lastBusy = System.nanoTime();
            }
        }
    }

    /**
     * Walks the native part of the stopping path once with nobody to stop, at start (GIL held, no scope a listener
     * would see), so that the first real stop is not late by linking: measured ~450 ms late on a loaded machine with
     * the FFM backend without it, ~90 ms with it.
     */
    public void warmUp(GilHeld gil) {
        parts.bootstrap().deadlineType(gil);
        parts.bootstrap().interruptedType(gil);
        gil.api().PyThreadState_SetAsyncExc(0, 0); // no thread has ident 0: nothing is scheduled or cleared
        new PythonTimeoutException(java.time.Duration.ZERO, "", "", null); // loads the classes a stop reports with
        new PythonInterruptedException("", "", null);
    }

    private void check(long now) {
        List<ThreadContext> targets = null;
        for (ThreadContext context : states.liveContexts()) {
            if (context.thread() != thread && shouldStop(context, now) != ThreadContext.STOP_NONE) {
                if (targets == null) {
                    targets = new ArrayList<>(2);
                }
                targets.add(context);
            }
        }
        if (targets != null) {
            raise(targets);
        }
    }

    /** Read without the GIL first (racy, a hint), then again with it (the GIL orders it against the target's scope). */
    private static int shouldStop(ThreadContext context, long now) {
        if (!context.inJavaScope() || context.released() || context.stopRequested() != ThreadContext.STOP_NONE) {
            return ThreadContext.STOP_NONE;
        }
        long at = context.deadlineAt();
        if (at != 0 && now - at >= 0) {
            return ThreadContext.STOP_DEADLINE;
        }
        return context.thread().isInterrupted() ? ThreadContext.STOP_INTERRUPT : ThreadContext.STOP_NONE;
    }

    private void raise(List<ThreadContext> targets) {
        Gil gil;
        try {
            gil = parts.scopes().acquire(null, GilScopeInfo.JAVA, LABEL);
        } catch (IllegalStateException | PythonException closingOrInterrupted) {
            return; // the engine is stopping, or this thread is being stopped
        }
        try {
            GilHeld held = ACCESS.held(gil);
            long now = System.nanoTime();
            for (ThreadContext target : targets) {
                // With the GIL held here, the target is in Python code (waiting for the GIL at a switch, or in C code
                // that released it), in allowThreads, or outside any scope; only the first is stopped.
                int reason = shouldStop(target, now);
                if (reason == ThreadContext.STOP_NONE) {
                    continue;
                }
                target.stopRequested(reason);
                long type = reason == ThreadContext.STOP_DEADLINE ? parts.bootstrap().deadlineType(held)
                        : parts.bootstrap().interruptedType(held);
                held.api().PyThreadState_SetAsyncExc(target.pythonIdent(), type);
                (reason == ThreadContext.STOP_DEADLINE ? deadlineStops : interruptStops).increment();
                log.debug("pyembed: stopping the Python call of thread '{}' ({})", target.thread().getName(),
                        reason == ThreadContext.STOP_DEADLINE ? "deadline " + target.deadline() : "interrupted");
            }
        } finally {
            gil.close();
        }
    }
}
