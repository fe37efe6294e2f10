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
 *
 * <p>Each scope costs the engine three clock reads while a listener is registered: when the wait starts, when the
 * GIL is had (the end of the wait and the start of the hold are one reading, passed as {@code atNanos}), and when it
 * is given back. Listeners get those readings ({@link System#nanoTime()}) so that they need no clock of their own,
 * e.g. to age a maximum out of a time window.
 */
public interface GilListener {

    /** {@code scope}'s thread starts waiting for the GIL. */
    default void waitStarted(GilScopeInfo scope) {
    }

    /**
     * {@code scope}'s thread holds the GIL after waiting {@code waitNanos}.
     *
     * @param atNanos the {@link System#nanoTime()} at which the thread got the GIL: the end of the wait and the start
     *                of the hold (one clock reading for both)
     */
    default void acquired(GilScopeInfo scope, long waitNanos, long atNanos) {
    }

    /**
     * {@code scope}'s thread gave the GIL back after holding it {@code holdNanos}.
     *
     * @param atNanos the {@link System#nanoTime()} at which the hold ended
     */
    default void released(GilScopeInfo scope, long holdNanos, long atNanos) {
    }

    /** A timed acquire gave up after {@code waitNanos}. */
    default void timedOut(GilScopeInfo scope, long waitNanos) {
    }
}
