package dev.pyembed;

/**
 * Hears about GIL scopes of Java threads, so that metrics can be kept without the engine depending on a metrics
 * library (the Spring module binds Micrometer to it). Called on the scope's own thread, synchronously: keep it
 * quick and never throw. With no listener registered the engine builds no events at all.
 *
 * <p>Time inside {@code allowThreads} is not hold time: entering it reports {@link #released}, leaving it
 * {@link #waitStarted} and {@link #acquired} again. {@link #acquired} and {@link #released} run while the thread
 * holds the GIL, so a listener's own time counts as hold time. {@link #timedOut} comes without a
 * {@link #waitStarted} (a timed acquire gives up before it waits for the GIL itself). A thread Python created that
 * calls a Java callback reports only the hold it takes back after giving the GIL away inside the callback.
 */
public interface GilListener {

    /** {@code scope}'s thread starts waiting for the GIL. */
    default void waitStarted(GilScopeInfo scope) {
    }

    /** {@code scope}'s thread holds the GIL after waiting {@code waitNanos}. */
    default void acquired(GilScopeInfo scope, long waitNanos) {
    }

    /** {@code scope}'s thread gave the GIL back after holding it {@code holdNanos}. */
    default void released(GilScopeInfo scope, long holdNanos) {
    }

    /** A timed acquire gave up after {@code waitNanos}. */
    default void timedOut(GilScopeInfo scope, long waitNanos) {
    }
}
