package dev.pyembed.internal.gil;

import dev.pyembed.internal.capi.CApi;

/**
 * Proof that a thread holds the GIL (like PyO3's {@code Python<'py>} token): the "GIL held" functions of
 * {@link CApi} are reached only through {@link #api()} of a token handed out by the code that has just taken
 * the GIL ({@link ThreadStates}, the lifecycle thread). A token belongs to one thread and is valid while that
 * thread's scope is open; {@link #api()} checks the thread so that misuse throws instead of corrupting memory.
 */
public final class GilHeld {

    private final CApi api;
    private final Thread owner;

    GilHeld(CApi api, Thread owner) {
        this.api = api;
        this.owner = owner;
    }

    /** For the lifecycle thread, which holds the GIL between initialization and its first release. */
    public static GilHeld forInitializingThread(CApi api) {
        return new GilHeld(api, Thread.currentThread());
    }

    /** For the Java body of a function Python calls: CPython calls its functions with the GIL held by that thread. */
    public static GilHeld forUpcall(CApi api) {
        return new GilHeld(api, Thread.currentThread());
    }

    /** For a sub-interpreter's own thread, right after it made that interpreter's thread state current. */
    public static GilHeld forSubInterpreterThread(CApi api) {
        return new GilHeld(api, Thread.currentThread());
    }

    public CApi api() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a GIL token of thread '" + owner.getName() + "' was used on thread '"
                    + Thread.currentThread().getName() + "'; each thread takes its own GIL scope");
        }
        return api;
    }

    public Thread owner() {
        return owner;
    }
}
