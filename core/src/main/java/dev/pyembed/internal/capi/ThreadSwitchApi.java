package dev.pyembed.internal.capi;

/**
 * The C API functions that run without the GIL, or that take and give it back: thread states made, switched in and
 * out ({@code PyEval_RestoreThread}/{@code PyEval_SaveThread}). Apart from {@link CApi}, whose every function needs
 * the GIL held, so that a {@code GilHeld} token hands out no way to release the GIL; only the code that switches
 * thread states (GIL scopes, the lifecycle thread, sub-interpreter threads) holds this. Both backends implement
 * both interfaces in one object.
 */
public interface ThreadSwitchApi {

    int Py_IsInitialized();

    /** Releases the GIL held by the calling thread; returns its thread state. */
    long PyEval_SaveThread();

    /** Blocks until the calling thread holds the GIL, then makes {@code tstate} current. */
    void PyEval_RestoreThread(long tstate);

    /** Creates a thread state bound to the calling OS thread (no GIL needed: PyGILState_Ensure does the same). */
    long PyThreadState_New(long interp);

    /** 1 when the calling thread holds the GIL. */
    int PyGILState_Check();

    /** The naive pattern, kept for benchmarks: creates a thread state when the thread has none. */
    int PyGILState_Ensure();

    void PyGILState_Release(int state);

    /** The calling OS thread's identifier as Python's {@code threading.get_ident()} gives it. */
    long PyThread_get_thread_ident();
}
