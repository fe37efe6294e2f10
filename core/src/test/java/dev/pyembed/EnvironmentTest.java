package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PYTHON* variables of the user's shell are ignored unless the application opts in. */
class EnvironmentTest {

    @Test
    void theEnvironmentIsIgnoredByDefault() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object ignored = engine.withGil(gil -> gil.eval("__import__('sys').flags.ignore_environment"));
            assertThat(ignored).isEqualTo(1L);
        }
    }

    @Test
    void useEnvironmentLetsItApply() {
        try (PythonEngine engine = TestEngines.builder().useEnvironment(true).start()) {
            Object ignored = engine.withGil(gil -> gil.eval("__import__('sys').flags.ignore_environment"));
            assertThat(ignored).isEqualTo(0L);
        }
    }
}
