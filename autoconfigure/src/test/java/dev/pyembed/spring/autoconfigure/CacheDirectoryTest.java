package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pyembed.cache-directory}: where the embedded runtime is extracted. Its own class (own JVM): a JVM loads one
 * libpython, and this one is a fresh copy in a new folder.
 */
class CacheDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void theEmbeddedRuntimeIsExtractedIntoTheCacheDirectory() {
        Assumptions.assumeTrue(TestRuntime.embedded(), "only the embedded runtime is extracted");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
                .withPropertyValues("pyembed.runtime=embedded", "pyembed.cache-directory=" + temp).run(context -> {
                    PythonEngine engine = context.getBean(PythonEngine.class);
                    assertThat(engine.runtime().home()).startsWith(temp);
                    assertThat(eval(engine, "__import__('sys').prefix")).asString().startsWith(temp.toString());
                });
    }
}
