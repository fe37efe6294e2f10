package dev.pyembed;

import java.time.Duration;

/** A timed {@link PythonEngine#acquireGil(Duration)} did not get the GIL in time. */
public class GilTimeoutException extends IllegalStateException {

    private final String holderThread;
    private final Duration heldFor;

    public GilTimeoutException(Duration timeout, String holderThread, Duration heldFor) {
        super("could not take the GIL within " + timeout + ": "
                + (holderThread == null ? "no Java scope holds it (a Python thread or C code does)"
                : "held by thread '" + holderThread + "' for " + heldFor.toMillis() + " ms"));
        this.holderThread = holderThread;
        this.heldFor = heldFor;
    }

    /** The Java thread that held the GIL when the wait gave up, or {@code null}. */
    public String holderThread() {
        return holderThread;
    }

    public Duration heldFor() {
        return heldFor;
    }
}
