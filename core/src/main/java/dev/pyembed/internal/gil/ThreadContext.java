package dev.pyembed.internal.gil;

import dev.pyembed.GilScopeInfo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One Java thread's GIL bookkeeping. Read and written only by its own thread (the fields need no
 * synchronization); the cached thread state is handed to a Cleaner when the thread is gone.
 */
public final class ThreadContext {

    final Thread thread;
    final GilHeld gilHeld;
    /** The {@code PyThreadState*} cached for this thread, created on its first scope; 0 before that. */
    long tstate;
    /** This thread's ident as Python sees it ({@code threading.get_ident()}), known once it has a thread state. */
    volatile long pythonIdent;
    /** Open GIL scopes on this thread (re-entrant scopes nest). */
    int depth;
    /** Inside {@code allowThreads}: the thread gave the GIL back; {@link #savedTstate} is what to restore. */
    boolean released;
    long savedTstate;
    /** The outermost scope is Python's own: a Python-created thread called Java (it held the GIL already). */
    private boolean borrowed;
    /** A borrowed scope passed the engine's gate, so it may give the GIL away and take it back. */
    private boolean gated;
    private boolean queued;
    /** Python -> Java callbacks running on this thread, nested (Java calling Python calling Java ...). */
    private int callbacks;
    /** This thread is a hand-off worker of the engine ({@code pyembed-gil-worker}): told when it gives the GIL back. */
    private HandOffWorker handOffWorker;

    // Stopping a call (CallWatcher): the deadline is written by this thread only when a call has one; the stop
    // reason by the watcher with the GIL held, read by this thread when its outermost scope closes.
    private Duration deadline;
    private volatile long deadlineAt;
    private volatile int stopRequested;
    /** What {@link #stopRequested} holds: nothing, an interrupt of the thread, or a deadline passed. */
    public static final int STOP_NONE = 0, STOP_INTERRUPT = 1, STOP_DEADLINE = 2;

    // Monitoring (GilMonitor): written by this thread, read by status snapshots on other threads. Written with
    // release semantics: a snapshot needs no fence on every scope, only values that are not torn or reordered.
    private volatile long waitingSince;
    private volatile long holdingSince;
    private volatile GilScopeInfo scopeInfo;
    private long holds;
    /** The last scope info this thread made: reused while origin and label stay the same (no allocation). */
    private GilScopeInfo lastScopeInfo;

    private static final VarHandle WAITING_SINCE;
    private static final VarHandle HOLDING_SINCE;
    private static final VarHandle SCOPE_INFO;
    private static final VarHandle HOLDS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAITING_SINCE = lookup.findVarHandle(ThreadContext.class, "waitingSince", long.class);
            HOLDING_SINCE = lookup.findVarHandle(ThreadContext.class, "holdingSince", long.class);
            SCOPE_INFO = lookup.findVarHandle(ThreadContext.class, "scopeInfo", GilScopeInfo.class);
            HOLDS = lookup.findVarHandle(ThreadContext.class, "holds", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ThreadContext(Thread thread, GilHeld gilHeld) {
        this.thread = thread;
        this.gilHeld = gilHeld;
    }

    public boolean holdsGil() {
        return depth > 0 && !released;
    }

    public int depth() {
        return depth;
    }

    public boolean released() {
        return released;
    }

    public GilHeld gilHeld() {
        return gilHeld;
    }

    public Thread thread() {
        return thread;
    }

    public long pythonIdent() {
        return pythonIdent;
    }

    /** When this thread started waiting for the GIL ({@code System.nanoTime()}), 0 when not waiting. */
    public long waitingSince() {
        return waitingSince;
    }

    public void waitingSince(long nanos) {
        WAITING_SINCE.setRelease(this, nanos);
    }

    /** When this thread took the GIL, 0 when it holds none or times are not tracked. */
    public long holdingSince() {
        return holdingSince;
    }

    public void holdingSince(long nanos) {
        HOLDING_SINCE.setRelease(this, nanos);
    }

    /** How many times this thread took the GIL: a hold's identity for polls that read no clock per scope. */
    public long holds() {
        return (long) HOLDS.getAcquire(this);
    }

    public void countHold() {
        HOLDS.setRelease(this, holds + 1);
    }

    /** The last scope info the monitor made for this thread (it reuses it for the same origin and label). */
    public GilScopeInfo lastScopeInfo() {
        return lastScopeInfo;
    }

    public void lastScopeInfo(GilScopeInfo info) {
        lastScopeInfo = info;
    }

    /** What the monitor knows of the current outermost scope, or {@code null}. */
    public GilScopeInfo scopeInfo() {
        return scopeInfo;
    }

    public void scopeInfo(GilScopeInfo info) {
        SCOPE_INFO.setRelease(this, info);
    }

    /** A Python thread called into Java: it holds the GIL; {@code gated} says whether it may release it. */
    public void openBorrowed(boolean gated) {
        depth = 1;
        borrowed = true;
        this.gated = gated;
    }

    public void closeBorrowed() {
        depth = 0;
        borrowed = false;
        gated = false;
    }

    public boolean borrowed() {
        return borrowed;
    }

    public boolean gated() {
        return gated;
    }

    /** The outermost scope opened (the GIL was just taken). */
    public void open() {
        depth = 1;
    }

    /** A nested scope opened; returns its depth. */
    public int push() {
        return ++depth;
    }

    public void pop() {
        depth--;
    }

    /** Whether this thread is inside the {@link JavaCallerQueue} (only while it holds the GIL in a Java scope). */
    public boolean queued() {
        return queued;
    }

    public void queued(boolean queued) {
        this.queued = queued;
    }

    /** A Python -> Java callback starts on this thread; returns how many are running nested, this one included. */
    public int enterCallbackBody() {
        return ++callbacks;
    }

    public void exitCallbackBody() {
        callbacks--;
    }

    /** The GIL was given back (allowThreads); {@code tstate} is what PyEval_SaveThread returned. */
    public void saveReleased(long tstate) {
        savedTstate = tstate;
        released = true;
    }

    /** The GIL is about to be taken back: the state to restore. */
    public long takeSaved() {
        released = false;
        return savedTstate;
    }

    /** A worker that runs virtual threads' GIL work learns when it gives the GIL back around Java work and retakes it. */
    public interface HandOffWorker {
        void releasedGil(boolean released);
    }

    public HandOffWorker handOffWorker() {
        return handOffWorker;
    }

    public void handOffWorker(HandOffWorker worker) {
        this.handOffWorker = worker;
    }

    /** The deadline of the call running on this thread, or {@code null}. */
    public Duration deadline() {
        return deadline;
    }

    /** When ({@code System.nanoTime()}) the call's deadline passes; 0: none. */
    public long deadlineAt() {
        return deadlineAt;
    }

    public void deadline(Duration deadline, long at) {
        this.deadline = deadline;
        this.deadlineAt = at;
    }

    public void clearDeadline() {
        if (deadline != null) {
            deadline = null;
            deadlineAt = 0;
        }
    }

    /** What the watcher asked of this thread's Python code ({@link #STOP_NONE}, ...). */
    public int stopRequested() {
        return stopRequested;
    }

    public void stopRequested(int reason) {
        stopRequested = reason;
    }

    /** Whether this is a Java scope (not a Python thread's callback) on this thread now: read racily by the watcher. */
    public boolean inJavaScope() {
        return depth > 0 && !borrowed;
    }
}
