package dev.pyembed;

import java.util.Locale;

/**
 * How Java calls CPython's C API. Chosen once per JVM, by the first engine that starts: one libpython is bound once
 * per process, and later engines use the same backend ({@link #AUTO} always fits; asking for the other one fails).
 */
public enum NativeBackend {

    /**
     * {@link #FFM} on Java 22+ when the jar has the FFM classes and the JVM allows native access, else {@link #JNA}.
     * The default.
     */
    AUTO,

    /**
     * Java's Foreign Function and Memory API ({@code java.lang.foreign}, final since Java 22): about three times
     * cheaper per native call than JNA. Needs Java 22+ and the multi-release {@code pyembed-core} jar (its
     * {@code META-INF/versions/22}); run the JVM with {@code --enable-native-access=ALL-UNNAMED} (or the module's
     * name) so that Java does not print a warning about restricted methods.
     */
    FFM,

    /** JNA direct mapping: works on Java 17+. */
    JNA;

    /** The system property (and Spring property) that sets the default: {@code auto}, {@code ffm} or {@code jna}. */
    public static final String PROPERTY = "pyembed.native-backend";

    /** Parses {@code auto}, {@code ffm} or {@code jna} (any case, surrounding blanks ignored). */
    public static NativeBackend parse(String text) {
        String value = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (NativeBackend backend : values()) {
            if (backend.name().equals(value)) {
                return backend;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a native backend: use auto, ffm or jna ("
                + PROPERTY + ")");
    }

    /** The default when the builder does not say: the system property {@value #PROPERTY}, else {@link #AUTO}. */
    static NativeBackend fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? AUTO : parse(value);
    }
}
