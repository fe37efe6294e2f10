package dev.pyembed.internal.engine;

import dev.pyembed.PyObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A conversion that went more than {@link #MAX_DEPTH} containers deep: a value that contains itself (a cycle), or one nested
 * deeper than any data needs. Thrown where the limit is hit and carried out through every container on the way, each
 * adding its identity and the step into it ({@code [3]}, {@code ['key']}); at the top it becomes an
 * {@link IllegalArgumentException} that names the path, and the cycle when there is one. Costs nothing until thrown.
 */
public final class ConversionNesting extends RuntimeException {

    /**
     * Containers inside containers, the outermost counted as 0. Each level takes up to ~1 KiB of Java stack (FFM, code
     * not yet compiled): 256 fit in a 512 KiB thread stack with room to spare, and far more than data nests.
     */
    public static final int MAX_DEPTH = 256;

    private static final int SHOWN_STEPS = 8;

    /** Innermost first: the containers on the path, and the step from each outer one into the next. */
    private final List<Object> containers = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private final boolean identity;

    private ConversionNesting(Object innermost, boolean identity) {
        super(null, null, false, false);
        this.identity = identity;
        containers.add(innermost);
    }

    /** At a Python container ({@code handle}) one level too deep. */
    public static ConversionNesting atPython(long handle) {
        return new ConversionNesting(handle, false);
    }

    /** At a Java container one level too deep (compared by identity). */
    public static ConversionNesting atJava(Object container) {
        return new ConversionNesting(container, true);
    }

    /** On the way out: {@code container} (a Python handle or a Java object) led here by {@code step}. */
    public ConversionNesting through(Object container, String step) {
        containers.add(container);
        steps.add(step);
        return this;
    }

    /** The user's error: {@code what} names the outermost value ("a Python dict", "a java.util.ArrayList"). */
    public IllegalArgumentException toError(String what, String direction) {
        int size = containers.size();
        List<Object> outward = new ArrayList<>(containers);
        java.util.Collections.reverse(outward);
        List<String> path = new ArrayList<>(steps);
        java.util.Collections.reverse(path);
        for (int j = 1; j < size; j++) {
            for (int i = 0; i < j; i++) {
                if (same(outward.get(i), outward.get(j))) {
                    return new IllegalArgumentException("cannot convert " + what + " to " + direction + ": it contains"
                            + " itself (" + path(path, j) + " is " + path(path, i) + "); a value that refers to itself"
                            + " has no " + direction + " counterpart: convert the parts you need"
                            + (direction.equals("Java") ? " (keep the value a PyObject: gil.evalObject, as(PyObject.class))" : ""));
                }
            }
        }
        return new IllegalArgumentException("cannot convert " + what + " to " + direction + ": it is nested more than "
                + MAX_DEPTH + " containers deep (" + path(path, path.size()) + "); flatten it, or convert the parts you"
                + " need" + (direction.equals("Java") ? " (keep the value a PyObject: gil.evalObject, as(PyObject.class))" : ""));
    }

    private boolean same(Object a, Object b) {
        return identity ? a == b : a.equals(b);
    }

    /** {@code value} and the first {@code length} steps, the middle left out when long. */
    private static String path(List<String> steps, int length) {
        StringBuilder text = new StringBuilder("value");
        if (length <= SHOWN_STEPS + 2) {
            steps.subList(0, length).forEach(text::append);
            return text.toString();
        }
        steps.subList(0, SHOWN_STEPS).forEach(text::append);
        text.append("...(").append(length - SHOWN_STEPS - 2).append(" more)...");
        steps.subList(length - 2, length).forEach(text::append);
        return text.toString();
    }

    /** A dict key or map key as a step: {@code ['name']}, {@code [3]}, or the key's type when it is not plain. */
    public static String keyStep(Object key) {
        if (key instanceof CharSequence text) {
            String shown = text.length() > 40 ? text.subSequence(0, 40) + "..." : text.toString();
            return "['" + shown.replace("'", "\\'") + "']";
        }
        if (key == null) {
            return "[None]";
        }
        if (key instanceof Boolean b) {
            return b ? "[True]" : "[False]";
        }
        if (key instanceof Number) {
            return "[" + key + "]";
        }
        return "[<" + key.getClass().getSimpleName() + " key>]";
    }
}
