package dev.pyembed.spring.watchdog;

import dev.pyembed.EngineState;
import dev.pyembed.GilStatus;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonThreadInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Logs one warning per GIL hold that lasts longer than {@code threshold} ({@code pyembed.gil.hold-warning}): the
 * holder's Java thread, its scope's label, how long it has held the GIL, its Java stack, and the Python stacks of
 * all threads when they can be had within a short bound (when not, the holder keeps the GIL in Java or C code).
 * At most one warning per {@code minInterval}; the long holds in between are counted in the next one.
 *
 * <p>A daemon thread, {@code pyembed-gil-watchdog}, polls {@link PythonEngine#gilHolder()} every quarter of the
 * threshold, so a hold is reported between 1 and 1.5 thresholds after it began. It sees Java GIL scopes only: a
 * Python thread that keeps the GIL in C code is not named by the engine. Polling costs the GIL scopes nothing: the
 * engine measures a hold's age from the first poll that saw it (no clock read per scope), so the age in the
 * warning is a lower bound. A threshold of zero turns the watchdog off.
 *
 * <p>It also warns, once per stall, when the engine's asyncio loop ({@link PythonEngine#callAsync}) has been stalled
 * past the threshold ({@link PythonEngine#asyncLoopStall()}), with the loop thread's Python stack.
 *
 * <p>{@link #PHASE} puts it between the engine's lifecycle ({@code DEFAULT_PHASE - 4096}) and the web server's
 * ({@code DEFAULT_PHASE - 2048}, graceful shutdown {@code - 1024}): it starts after the engine and keeps watching
 * while requests drain, and stops before the engine does.
 */
public class GilWatchdog implements SmartLifecycle {

    /** {@code SmartLifecycle.DEFAULT_PHASE - 3072}. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    private static final Logger log = LoggerFactory.getLogger(GilWatchdog.class);
    private static final Duration PYTHON_STACKS_TIMEOUT = Duration.ofMillis(500);
    private static final int JAVA_FRAMES = 40;

    private final PythonEngine engine;
    private final Duration threshold;
    private final long minIntervalNanos;
    private ScheduledExecutorService poller; // guarded by this
    private final Object checking = new Object(); // guards the fields below (the poller, or a direct check())
    private String warnedThread;
    private long warnedStart;
    private long lastLogged;
    private boolean loggedOnce;
    private int notLogged;
    private boolean warnedStall;

    /**
     * @param threshold   how long a hold may last before it is reported; zero or negative: off
     * @param minInterval the least time between two warnings
     */
    public GilWatchdog(PythonEngine engine, Duration threshold, Duration minInterval) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.minIntervalNanos = minInterval.toNanos();
    }

    @Override
    public synchronized void start() {
        if (poller != null || threshold.isZero() || threshold.isNegative()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pyembed-gil-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(threshold.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(10));
        poller.scheduleWithFixedDelay(this::checkQuietly, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller == null) {
            return;
        }
        poller.shutdownNow();
        try {
            poller.awaitTermination(PYTHON_STACKS_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public Duration threshold() {
        return threshold;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) { // a failed poll must not end the schedule
            log.debug("pyembed: GIL watchdog poll failed", e);
        }
    }

    /** One poll: warns when a Java scope has held the GIL past the threshold, once per hold. */
    void check() {
        synchronized (checking) {
            checkNow();
        }
    }

    private void checkNow() {
        EngineState state = engine.state();
        if (state != EngineState.RUNNING && state != EngineState.STOPPING) {
            return;
        }
        checkAsyncLoop();
        checkHolder();
    }

    /** A coroutine that blocks the asyncio loop past the threshold: one warning per stall, with the loop's stack. */
    private void checkAsyncLoop() {
        Duration stall = engine.asyncLoopStall();
        if (stall.compareTo(threshold) < 0) {
            if (stall.isZero()) {
                warnedStall = false;
            }
            return;
        }
        if (warnedStall) {
            return;
        }
        warnedStall = true;
        StringBuilder text = new StringBuilder("pyembed: the asyncio loop (pyembed-asyncio) has not run for at least ")
                .append(stall.toMillis()).append(" ms (pyembed.gil.hold-warning=").append(threshold.toMillis())
                .append(" ms): a coroutine blocks it (a blocking call without await), and every other coroutine waits.");
        try {
            engine.pythonThreads(PYTHON_STACKS_TIMEOUT).stream().filter(t -> "pyembed-asyncio".equals(t.name()))
                    .findFirst().ifPresent(t -> text.append("\nIts Python stack:\n").append(indent(t.stack())));
        } catch (RuntimeException e) {
            text.append("\nIts Python stack: not available (").append(e.getMessage()).append(")");
        }
        log.warn(text.toString());
    }

    private void checkHolder() {
        GilStatus.Holder holder = engine.gilHolder().orElse(null);
        if (holder == null || holder.heldFor().compareTo(threshold) < 0) {
            return;
        }
        long now = System.nanoTime();
        long start = now - holder.heldFor().toNanos();
        // The same hold seen again: same thread, same start (a later hold of that thread starts a threshold later).
        if (holder.thread().equals(warnedThread) && Math.abs(start - warnedStart) < threshold.toNanos() / 2) {
            return;
        }
        warnedThread = holder.thread();
        warnedStart = start;
        if (loggedOnce && now - lastLogged < minIntervalNanos) {
            notLogged++;
            return;
        }
        loggedOnce = true;
        lastLogged = now;
        int skipped = notLogged;
        notLogged = 0;
        log.warn(message(holder, skipped));
    }

    private String message(GilStatus.Holder holder, int skipped) {
        StringBuilder text = new StringBuilder("pyembed: thread '").append(holder.thread())
                .append("' has held the GIL for at least ").append(holder.heldFor().toMillis()).append(" ms");
        if (holder.label() != null) {
            text.append(" in ").append(holder.label());
        }
        text.append(" (pyembed.gil.hold-warning=").append(threshold.toMillis()).append(" ms).");
        if (skipped > 0) {
            text.append(" ").append(skipped).append(" more long hold(s) since the last warning were not logged.");
        }
        text.append("\nJava stack of '").append(holder.thread()).append("':");
        StackTraceElement[] stack = holder.javaStack();
        for (int i = 0; i < Math.min(stack.length, JAVA_FRAMES); i++) {
            text.append("\n\tat ").append(stack[i]);
        }
        if (stack.length > JAVA_FRAMES) {
            text.append("\n\t... ").append(stack.length - JAVA_FRAMES).append(" more");
        }
        try {
            List<PythonThreadInfo> threads = engine.pythonThreads(PYTHON_STACKS_TIMEOUT);
            text.append("\nPython threads:");
            for (PythonThreadInfo thread : threads) {
                text.append("\n  '").append(thread.name()).append("'");
                if (thread.javaThread() != null) {
                    text.append(" (Java thread '").append(thread.javaThread()).append("')");
                }
                text.append(thread.stack().isEmpty() ? " runs no Python code now" : ":\n" + indent(thread.stack()));
            }
            text.append("\nThe GIL was handed over for these stacks: '").append(holder.thread()).append("' runs Python code"
                    + " (other threads get turns at the switch interval, contended) or waits in Python with the GIL released.");
        } catch (GilTimeoutException e) {
            text.append("\nPython stacks: not available, the GIL was not handed over within ")
                    .append(PYTHON_STACKS_TIMEOUT.toMillis()).append(" ms: '").append(holder.thread())
                    .append("' keeps the GIL in Java or C code (not running Python bytecode), see its Java stack above;"
                            + " every other thread that needs Python waits meanwhile.");
        } catch (RuntimeException e) {
            text.append("\nPython stacks: not available (").append(e.getMessage()).append(")");
        }
        return text.toString();
    }

    private static String indent(String stack) {
        return stack.stripTrailing().lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
