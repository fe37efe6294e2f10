package dev.pyembed;

import dev.pyembed.internal.GilHeld;
import dev.pyembed.internal.ReleaseQueue;
import dev.pyembed.internal.ScopeGate;
import dev.pyembed.internal.ThreadContext;
import dev.pyembed.internal.ThreadStates;
import dev.pyembed.internal.VirtualThreads;
import dev.pyembed.internal.capi.CApi;

import java.util.function.Supplier;

/**
 * Opening and closing GIL scopes, and giving the GIL back around Java work. The outermost scope of a thread
 * passes the {@link ScopeGate} and restores the thread's cached state; nested scopes only count.
 */
final class GilScopes {

    private final PythonEngine engine;
    private final CApi api; // only PyEval_RestoreThread / PyEval_SaveThread here: the calls that take and give back the GIL
    private final ThreadStates states;
    private final ScopeGate gate;
    private final ReleaseQueue releases;

    GilScopes(PythonEngine engine, CApi api, ThreadStates states, ScopeGate gate, ReleaseQueue releases) {
        this.engine = engine;
        this.api = api;
        this.states = states;
        this.gate = gate;
        this.releases = releases;
    }

    Gil acquire() {
        ThreadContext context = states.current();
        if (context.depth() > 0) {
            return nested(context);
        }
        if (VirtualThreads.isVirtual(context.thread())) {
            throw new IllegalStateException("acquireGil() cannot be used on a virtual thread: it can move to another "
                    + "carrier thread between two Python calls, and CPython's thread state belongs to one OS thread. "
                    + "Use engine.withGil(gil -> ...), which runs the work on a platform thread.");
        }
        gate.enter();
        try {
            states.acquire(context);
        } catch (RuntimeException | Error e) {
            gate.exit();
            throw e;
        }
        context.open();
        if (!releases.isEmpty()) {
            releases.drain(context.gilHeld());
        }
        return new Gil(engine, context, 1, false);
    }

    private Gil nested(ThreadContext context) {
        if (!context.released()) {
            return new Gil(engine, context, context.push(), false);
        }
        // Inside allowThreads: this nested scope takes the GIL back until it closes.
        api.PyEval_RestoreThread(context.takeSaved());
        return new Gil(engine, context, context.push(), true);
    }

    void release(ThreadContext context, int depth, boolean reacquired) {
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
            context.saveReleased(api.PyEval_SaveThread());
        } else if (context.depth() == 0) {
            states.release(context);
            gate.exit();
        }
    }

    <T> T allowThreads(Supplier<T> work) {
        ThreadContext context = states.current();
        if (!context.holdsGil()) {
            return work.get();
        }
        context.saveReleased(api.PyEval_SaveThread());
        try {
            return work.get();
        } finally {
            api.PyEval_RestoreThread(context.takeSaved());
        }
    }

    boolean currentThreadHoldsGil() {
        return states.current().holdsGil();
    }

    GilHeld requireGil() {
        ThreadContext context = states.current();
        if (!context.holdsGil()) {
            throw new IllegalStateException("thread '" + Thread.currentThread().getName() + "' does not hold the GIL"
                    + (context.released() ? " (it is inside allowThreads)" : "")
                    + "; use Python objects inside try (Gil gil = engine.acquireGil()) { ... } or engine.withGil(...)");
        }
        return context.gilHeld();
    }
}
