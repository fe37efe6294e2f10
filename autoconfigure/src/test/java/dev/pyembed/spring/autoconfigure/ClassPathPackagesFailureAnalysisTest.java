package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A jar on the application's class path that ships Python packages for another CPython stops the start with a
 * failure analysis naming the jar, its tag and the property; {@code pyembed.packages.enabled=false} ignores it.
 */
class ClassPathPackagesFailureAnalysisTest {

    @TempDir
    Path temp;

    private ClassLoader withPackageJar() throws IOException {
        Path jar = temp.resolve("scipy-for-cp39.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/pyembed/python-packages.properties"));
            out.write("id=scipy\nversion=1.11\nroot=py\npython-tag=cp39\nplatform=any\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    }

    private ApplicationContextRunner runner() throws IOException {
        return new ApplicationContextRunner().withClassLoader(withPackageJar())
                .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
                .withPropertyValues(TestRuntime.property());
    }

    @Test
    void aPackageForAnotherCPythonGetsAFailureAnalysis() throws IOException {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner().run(context -> {
            assertThat(context).hasFailed();
            analysis.set(new PythonStartFailureAnalyzer(new MockEnvironment()).analyze(context.getStartupFailure()));
        });
        assertThat(analysis.get()).as("PythonStartFailureAnalyzer recognised the failure").isNotNull();
        assertThat(analysis.get().getDescription()).contains("scipy 1.11 (cp39, any)").contains("scipy-for-cp39.jar")
                .contains("compiled for CPython 3.9").contains("pyembed.packages.enabled=(not set)");
        assertThat(analysis.get().getAction()).contains("pyembed.packages.enabled=false");
    }

    @Test
    void packagesEnabledFalseIgnoresThem() throws IOException {
        runner().withPropertyValues("pyembed.packages.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PythonEngine.class).packages()).isEmpty();
        });
    }
}
