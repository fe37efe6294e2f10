package dev.pyembed.internal.gil;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.ThreadSwitchApi;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One cached {@code PyThreadState} per Java platform thread, switched with Restore/Save: a per-call
 * {@code PyGILState_Ensure} on a thread without a state creates and destroys one each time, ~40x slower
 * under contention. Java has no "thread ended" callback, so each thread's {@link ThreadContext} is registered
 * with a {@link Cleaner}: when the thread is gone its state is queued and deleted by the next thread that
 * holds the GIL (deleting a state that is not current is allowed with the GIL held).
 */
public final class ThreadStates {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "pyembed-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final CApi api;
    private final ThreadSwitchApi switches;
    private final long interpreter;
    private final Queue<Long> deadStates = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ThreadContext> contexts;
    /** Every live thread's context, weakly: for status snapshots (who waits). */
    private final Set<ThreadContext> live = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean closed;

    public ThreadStates(CApi api, ThreadSwitchApi switches, long interpreter) {
        this.api = api;
        this.switches = switches;
        this.interpreter = interpreter;
        this.contexts = ThreadLocal.withInitial(() -> {
            ThreadContext context = new ThreadContext(Thread.currentThread(), new GilHeld(api, Thread.currentThread()));
            live.add(context);
            return context;
        });
    }

    /** The calling thread's context (created on first use). */
    public ThreadContext current() {
        return contexts.get();
    }

    /**
     * Takes the GIL for the calling thread (outermost scope): restores its cached state, creating it on first
     * use. Blocks until the GIL is free. Must not be called by a thread that holds the GIL.
     */
    public void acquire(ThreadContext context) {
        if (context.tstate == 0) {
            context.tstate = switches.PyThreadState_New(interpreter);
            if (context.tstate == 0) {
                throw new OutOfMemoryError("PyThreadState_New failed");
            }
            context.pythonIdent = switches.PyThread_get_thread_ident();
            CLEANER.register(context, new DeadThread(context.tstate, this));
        }
        switches.PyEval_RestoreThread(context.tstate);
        if (!deadStates.isEmpty()) {
            reclaimDeadStates(context.gilHeld);
        }
    }

    /** Gives the GIL back (outermost scope end). */
    public void release(ThreadContext context) {
        switches.PyEval_SaveThread();
    }

    /** Deletes the states of Java threads that are gone. GIL held. */
    public void reclaimDeadStates(GilHeld gil) {
        CApi held = gil.api();
        for (Long state = deadStates.poll(); state != null; state = deadStates.poll()) {
            held.PyThreadState_Clear(state);
            held.PyThreadState_Delete(state);
        }
    }

    /** How many thread states the interpreter has now (C level, not only those {@code threading} knows). */
    public int count(GilHeld gil) {
        CApi held = gil.api();
        int n = 0;
        for (long state = held.PyInterpreterState_ThreadHead(interpreter); state != 0; state = held.PyThreadState_Next(state)) {
            n++;
        }
        return n;
    }

    /**
     * The contexts of threads that are alive now (for status snapshots; cheap enough for an occasional call). A dead
     * thread's context can linger until the garbage collector clears it, and its OS thread id may already belong
     * to a new thread: it is left out.
     */
    public List<ThreadContext> liveContexts() {
        List<ThreadContext> copy;
        synchronized (live) {
            copy = new ArrayList<>(live);
        }
        copy.removeIf(context -> !context.thread().isAlive());
        return copy;
    }

    /** After finalization every state is gone with the interpreter: forget the queued ones. */
    public void close() {
        closed = true;
        deadStates.clear();
    }

    /** The Cleaner action: holds the state pointer, never the context (that would keep it reachable). */
    private record DeadThread(long tstate, ThreadStates owner) implements Runnable {
        @Override
        public void run() {
            if (!owner.closed) {
                owner.deadStates.add(tstate);
            }
        }
    }
}
