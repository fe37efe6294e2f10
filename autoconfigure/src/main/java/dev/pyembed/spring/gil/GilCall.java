package dev.pyembed.spring.gil;

import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.util.function.Function;

/**
 * How one {@link WithGil} call takes the GIL: the wait limit, the deadline and the label, read once from the
 * annotation (or the defaults) and applied per call with {@link #run(PythonEngine, Function)}. Used by the
 * {@code @WithGil} aspect and by the typed Python interfaces ({@code @PythonModule}), so that both mean the same.
 *
 * @param timeout  the GIL wait limit; {@code null}: none
 * @param deadline the call deadline; {@code null}: the engine's default ({@code pyembed.gil.call-deadline})
 * @param label    the scope's label, {@code SimpleClassName.method} (low-cardinality: metrics tag it)
 */
public record GilCall(Duration timeout, Duration deadline, String label) {

    /**
     * The settings of {@code annotation} (may be {@code null}: the defaults).
     *
     * @param defaultTimeout the wait limit when the annotation sets none ({@code pyembed.gil.acquire-timeout})
     * @param where          the annotated method, as {@code com.example.Type.method}, for error messages
     * @throws IllegalArgumentException when the timeout or deadline is not a duration, or the deadline is not positive
     */
    public static GilCall of(WithGil annotation, Duration defaultTimeout, String where, String label) {
        Duration timeout = defaultTimeout;
        if (annotation != null && !annotation.timeout().isBlank()) {
            timeout = parse(annotation.timeout(), "timeout", where);
        }
        Duration deadline = null;
        if (annotation != null && !annotation.deadline().isBlank()) {
            deadline = parse(annotation.deadline(), "deadline", where);
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("@WithGil(deadline = \"" + annotation.deadline() + "\") on " + where
                        + " must be positive (or empty for the default)");
            }
        }
        return new GilCall(timeout, deadline, label);
    }

    /** Runs {@code work} in a GIL scope with these settings (on a virtual thread: on a platform thread of the engine). */
    public <T> T run(PythonEngine engine, Function<Gil, T> work) {
        return deadline == null ? engine.withGil(timeout, label, work) : engine.withGil(timeout, label, deadline, work);
    }

    private static Duration parse(String value, String attribute, String where) {
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@WithGil(" + attribute + " = \"" + value + "\") on " + where
                    + " is not a duration (examples: \"500ms\", \"2s\", \"PT0.5S\")", e);
        }
    }
}
