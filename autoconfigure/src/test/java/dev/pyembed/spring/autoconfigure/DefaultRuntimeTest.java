package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.RuntimeSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the starter (the embedded runtime on the class path) and no {@code pyembed.runtime}, the application runs the
 * CPython it ships, also on a machine whose {@code python3} is a shared-library build that {@code auto} would pick.
 */
class DefaultRuntimeTest {

    @Test
    void withoutPyembedRuntimeTheEmbeddedRuntimeOnTheClassPathRuns() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PythonEngine.class).runtime().source()).isEqualTo(RuntimeSource.EMBEDDED);
                });
    }

    @Test
    void withoutTheEmbeddedRuntimeOnTheClassPathTheDefaultIsAuto() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(DefaultRuntime.of(new PythonProperties(), empty)).isEqualTo(RuntimeSelection.AUTO);
        }
        assertThat(DefaultRuntime.of(new PythonProperties(), getClass().getClassLoader()))
                .isEqualTo(RuntimeSelection.EMBEDDED);
    }

    @Test
    void aConfiguredLibraryOrVenvOrRuntimeWins() {
        PythonProperties venv = new PythonProperties();
        venv.setVenv(Path.of("/opt/venv"));
        assertThat(DefaultRuntime.of(venv, getClass().getClassLoader())).isEqualTo(RuntimeSelection.AUTO);
        PythonProperties system = new PythonProperties();
        system.setRuntime(RuntimeSelection.SYSTEM);
        assertThat(DefaultRuntime.of(system, getClass().getClassLoader())).isEqualTo(RuntimeSelection.SYSTEM);
    }
}
