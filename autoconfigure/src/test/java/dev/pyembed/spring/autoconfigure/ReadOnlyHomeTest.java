package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container with a read-only root file system and a writable volume: the home folder cannot be written (here it
 * is a file, in which not even root can create folders), {@code pyembed.cache-directory} is on the volume. The
 * embedded runtime is extracted there, a {@code classpath:} python-path folder (extracted to {@code java.io.tmpdir})
 * imports. Its own class (own JVM): a fresh copy of the runtime in a new folder.
 */
class ReadOnlyHomeTest {

    @TempDir
    Path temp;

    @Test
    void anUnwritableHomeWithAWritableCacheVolumeWorks() throws Exception {
        Assumptions.assumeTrue(TestRuntime.embedded(), "only the embedded runtime is extracted");
        Path home = Files.writeString(temp.resolve("not-a-folder"), "");
        Path volume = Files.createDirectories(temp.resolve("volume"));
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
                    .withPropertyValues("pyembed.cache-directory=" + volume, "pyembed.python-path=classpath:python/",
                            "pyembed.modules=greeting").run(context -> {
                        assertThat(context).hasNotFailed();
                        PythonEngine engine = context.getBean(PythonEngine.class);
                        assertThat(engine.runtime().home()).startsWith(volume);
                        assertThat(eval(engine, "__import__('greeting').greet('volume')")).isEqualTo("hello volume");
                    });
        } finally {
            System.setProperty("user.home", realHome);
        }
    }
}
