package dev.pyembed.spring.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code method} tag of a GIL scope: its label ({@code SimpleClassName.method} for {@code @WithGil} methods),
 * {@value #NONE} for scopes without one, and {@value #OTHER} for every label seen after the first {@code max}
 * distinct ones, so that labels made per request cannot grow the registry without bound.
 */
final class MethodTags {

    static final String NONE = "none";
    static final String OTHER = "other";

    private final int max;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    MethodTags(int max) {
        this.max = Math.max(0, max);
    }

    String tag(String label) {
        if (label == null) {
            return NONE;
        }
        if (known.contains(label)) {
            return label;
        }
        if (known.size() >= max) {
            return OTHER;
        }
        synchronized (this) {
            if (known.size() < max) {
                known.add(label);
                return label;
            }
        }
        return OTHER;
    }
}
