package dev.pyembed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The GIL now, as far as Java scopes go: which Java thread holds it and for how long, and which wait. A Python
 * thread that holds the GIL is not named here (see {@link PythonEngine#pythonThreads()}). The holder is the Java
 * scope that took the GIL last: when Python code inside a scope gives the GIL away by itself ({@code time.sleep},
 * I/O, a lock) and another Java scope takes and returns it meanwhile, the first scope is not shown until it takes
 * the GIL back.
 *
 * @param holder  the Java scope holding the GIL, if any
 * @param waiters Java threads waiting for it, longest wait first
 */
public record GilStatus(Optional<Holder> holder, List<Waiter> waiters) {

    /** A Java thread in a GIL scope. */
    public record Holder(String thread, String label, Duration heldFor, StackTraceElement[] javaStack) {
    }

    /** A Java thread waiting for the GIL. */
    public record Waiter(String thread, String label, Duration waitingFor) {
    }
}
