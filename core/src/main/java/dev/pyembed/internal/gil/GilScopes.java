package dev.pyembed.internal.gil;

import dev.pyembed.Gil;
import dev.pyembed.GilScopeInfo;
import dev.pyembed.PythonInterruptedException;
import dev.pyembed.PythonTimeoutException;
import dev.pyembed.internal.capi.ThreadSwitchApi;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Opening and closing GIL scopes, and giving the GIL back around Java work. The outermost scope of a thread
 * passes the {@link ScopeGate} and restores the thread's cached state; nested scopes only count.
 */
public final class GilScopes {


    private final Opener opener;
    private final ThreadSwitchApi switches; // the calls that take and give back the GIL
    private final ThreadStates states;
    private final ScopeGate gate;
    private final DeferredDecRefs decRefs;
    private final GilMonitor monitor;
    private final JavaCallerQueue queue; // null: off (the default)

    /** Makes the {@link Gil} of an opened scope (the API type's constructor is not public). */
    @FunctionalInterface
    public interface Opener {
        Gil open(ThreadContext context, int depth, boolean reacquired);
    }

    public GilScopes(Opener opener, ThreadSwitchApi switches, ThreadStates states, ScopeGate gate,
                     DeferredDecRefs decRefs, GilMonitor monitor, JavaCallerQueue queue) {
        this.opener = opener;
        this.queue = queue;
        this.monitor = monitor;
        this.switches = switches;
        this.states = states;
        this.gate = gate;
        this.decRefs = decRefs;
    }

    /** Opens a scope; {@code timeout} may be null (wait as long as it takes); {@code label} may be null. */
    public Gil acquire(Duration timeout, String origin, String label) {
        return acquire(timeout, origin, label, null, 0);
    }

    /**
     * Opens a scope whose call must end by {@code deadlineAt} ({@code System.nanoTime()}) when {@code deadline} is not
     * null (only the outermost scope's deadline counts). An interrupted thread, or one past its deadline when it gets
     * the GIL, gives the GIL back at once and throws: the wait is given up before any Python code runs.
     */
    public Gil acquire(Duration timeout, String origin, String label, Duration deadline, long deadlineAt) {
        ThreadContext context = states.current();
        if (context.depth() > 0) {
            return nested(context);
        }
        if (VirtualThreads.isVirtual(context.thread())) {
            throw new IllegalStateException("acquireGil() cannot be used on a virtual thread: it can move to another "
                    + "carrier thread between two Python calls, and CPython's thread state belongs to one OS thread. "
                    + "Use engine.withGil(gil -> ...), which runs the work on a platform thread.");
        }
        if (timeout != null) {
            monitor.awaitNoJavaHolder(context, timeout, origin, label);
        }
        gate.enter();
        monitor.waitStarted(context, origin, label);
        enterQueue(context); // depth 0: this thread does not hold the GIL
        try {
            states.acquire(context);
        } catch (RuntimeException | Error e) {
            leaveQueue(context);
            context.waitingSince(0);
            monitor.closed(context);
            gate.exit();
            throw e;
        }
        monitor.acquired(context);
        context.open();
        if (!decRefs.isEmpty()) {
            decRefs.drain(context.gilHeld());
        }
        if (deadline != null) {
            context.deadline(deadline, deadlineAt);
        }
        if (context.thread().isInterrupted() || (deadline != null && System.nanoTime() - deadlineAt >= 0)) {
            release(context, 1, false);
            throw deadline != null && !context.thread().isInterrupted()
                    ? new PythonTimeoutException(deadline, "before it got the GIL (no Python code ran)", "", null)
                    : new PythonInterruptedException("interrupted while waiting for the GIL (no Python code ran)", "", null);
        }
        return opener.open(context, 1, false);
    }

    /** The deadline of the call on this thread (for the exception that reports it), or {@code null}. */
    public Duration currentDeadline() {
        return states.current().deadline();
    }

    private Gil nested(ThreadContext context) {
        if (!context.released()) {
            return opener.open(context, context.push(), false);
        }
        // Inside allowThreads: this nested scope takes the GIL back until it closes.
        monitor.waitStarted(context, GilScopeInfo.JAVA, null);
        switches.PyEval_RestoreThread(context.takeSaved());
        monitor.acquired(context);
        return opener.open(context, context.push(), true);
    }

    public void release(ThreadContext context, int depth, boolean reacquired) {
        if (Thread.currentThread() != context.thread()) {
            throw new IllegalStateException("a GIL scope opened on thread '" + context.thread().getName()
                    + "' cannot be closed on thread '" + Thread.currentThread().getName() + "'");
        }
        if (context.depth() != depth) {
            throw new IllegalStateException("GIL scopes must be closed innermost first (closing scope " + depth
                    + " while " + context.depth() + " are open); use try-with-resources");
        }
        context.pop();
        if (reacquired) {
            monitor.releasing(context);
            context.saveReleased(switches.PyEval_SaveThread());
        } else if (context.depth() == 0) {
            if (context.stopRequested() != ThreadContext.STOP_NONE) {
                // The watcher raised into this call: what it raised must not fire in this thread's next call.
                context.gilHeld().api().PyThreadState_SetAsyncExc(context.pythonIdent(), 0);
                context.stopRequested(ThreadContext.STOP_NONE);
            }
            context.clearDeadline();
            monitor.releasing(context);
            states.release(context);
            leaveQueue(context);
            monitor.closed(context);
            gate.exit();
        }
    }

    private void enterQueue(ThreadContext context) {
        if (queue != null) {
            context.queued(queue.enter());
        }
    }

    /** After the GIL was given back: a thread never stays in the queue without the GIL it queued for. */
    private void leaveQueue(ThreadContext context) {
        if (context.queued()) {
            context.queued(false);
            queue.exit();
        }
    }

    public <T> T allowThreads(Supplier<T> work) {
        return allowThreadsIn(states.current(), work);
    }

    public <T> T allowThreadsIn(ThreadContext context, Supplier<T> work) {
        if (!context.holdsGil() || (context.borrowed() && !context.gated())) {
            return work.get();
        }
        monitor.releasing(context);
        context.saveReleased(switches.PyEval_SaveThread());
        boolean wasQueued = context.queued();
        leaveQueue(context);
        ThreadContext.HandOffWorker worker = context.handOffWorker();
        if (worker != null) {
            worker.releasedGil(true);
        }
        try {
            return work.get();
        } finally {
            if (worker != null) {
                worker.releasedGil(false);
            }
            monitor.waitStarted(context, context.borrowed() ? GilScopeInfo.PYTHON_THREAD : GilScopeInfo.CALLBACK, null);
            if (wasQueued) {
                enterQueue(context);
            }
            switches.PyEval_RestoreThread(context.takeSaved());
            monitor.acquired(context);
        }
    }

    /**
     * Python called Java on this thread, which therefore holds the GIL. On a Java thread inside a scope nothing
     * changes; on a thread Python created, a borrowed scope opens, so that nested scopes and allowThreads work.
     * A borrowed scope passes the gate (when the engine is stopping it may not release the GIL any more).
     */
    public ThreadContext enterCallback() {
        ThreadContext context = states.current();
        if (context.depth() == 0) {
            boolean admitted;
            try {
                gate.enter();
                admitted = true;
            } catch (IllegalStateException stopping) {
                admitted = false;
            }
            context.openBorrowed(admitted);
        }
        return context;
    }

    public void exitCallback(ThreadContext context) {
        if (context.borrowed() && context.depth() == 1) {
            monitor.forget(context);
            boolean gated = context.gated();
            context.closeBorrowed();
            if (gated) {
                gate.exit();
            }
        }
    }

    /** The calling thread runs virtual threads' GIL work: it tells {@code worker} when it gives the GIL back. */
    public void markHandOffWorker(ThreadContext.HandOffWorker worker) {
        states.current().handOffWorker(worker);
    }

    public boolean currentThreadHoldsGil() {
        return states.current().holdsGil();
    }

    public GilHeld requireGil() {
        ThreadContext context = states.current();
        if (!context.holdsGil()) {
            throw new IllegalStateException("thread '" + Thread.currentThread().getName() + "' does not hold the GIL"
                    + (context.released() ? " (it is inside allowThreads)" : "")
                    + "; use Python objects inside try (Gil gil = engine.acquireGil()) { ... } or engine.withGil(...)");
        }
        return context.gilHeld();
    }
}
