package dev.pyembed.spring.autoconfigure;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonInterpreterPool;
import dev.pyembed.PythonOutput;
import dev.pyembed.RuntimeSource;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.engine.PythonEngineLifecycle;
import dev.pyembed.spring.engine.PythonPathResources;
import dev.pyembed.spring.gil.WithGil;
import dev.pyembed.spring.gil.WithGilAspect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition, property and back-off of {@link PythonAutoConfiguration}, on a real CPython. Each context starts
 * an engine and closes it again before the next one starts (one CPython per process).
 */
@ExtendWith(OutputCaptureExtension.class)
class PythonAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property());

    @TempDir
    Path temp;

    @Test
    void startsTheEngineWithTheContextAndStopsItWhenTheContextCloses() {
        AtomicReference<PythonEngine> engine = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasSingleBean(PythonEngine.class).hasSingleBean(PythonEngineLifecycle.class)
                    .hasSingleBean(PythonOutput.class).hasSingleBean(PythonPathResources.class)
                    .hasSingleBean(WithGilAspect.class);
            engine.set(context.getBean(PythonEngine.class));
            assertThat(engine.get().state()).isEqualTo(EngineState.RUNNING);
            assertThat(eval(engine.get(), "6 * 7")).isEqualTo(42L);
            assertThat(context.getBean(PythonEngineLifecycle.class).getPhase())
                    .isEqualTo(Integer.MAX_VALUE - 4096).isLessThan(Integer.MAX_VALUE - 2048);
        });
        assertThat(engine.get().state()).isEqualTo(EngineState.STOPPED);
    }

    @Test
    void runtimePropertySelectsTheRuntime() {
        runner.run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            RuntimeSource expected = TestRuntime.embedded() ? RuntimeSource.EMBEDDED : RuntimeSource.SYSTEM;
            assertThat(engine.runtime().source()).isEqualTo(expected);
        });
    }

    @Test
    void logsTheStartupLineWithRuntimeVersionSourceHomeAndTime(CapturedOutput output) {
        runner.run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(output).contains("pyembed: started CPython " + engine.runtime().version())
                    .contains("(" + engine.runtime().source().name().toLowerCase() + ")")
                    .contains("home " + engine.runtime().home())
                    .containsPattern("started CPython .* in \\d+ ms");
        });
    }

    @Test
    void enabledFalseTurnsEverythingOff() {
        runner.withPropertyValues("pyembed.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(PythonEngine.class).doesNotHaveBean(PythonEngineLifecycle.class)
                .doesNotHaveBean(PythonOutput.class).doesNotHaveBean(WithGilAspect.class));
    }

    @Test
    void backsOffWithoutTheCoreOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(PythonEngine.class))
                .run(context -> assertThat(context).doesNotHaveBean(PythonEngineLifecycle.class));
    }

    @Test
    void noAspectWithoutAspectJButTheEngineRuns() {
        runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run(context -> {
            assertThat(context).doesNotHaveBean(WithGilAspect.class).hasSingleBean(PythonEngine.class);
            assertThat(context.getBean(PythonEngine.class).state()).isEqualTo(EngineState.RUNNING);
        });
    }

    @Test
    void theApplicationsOwnEngineWinsAndTheLifecycleStartsIt() {
        runner.withUserConfiguration(OwnEngineConfiguration.class)
                .withPropertyValues("pyembed.scripts=classpath:scripts/started.py").run(context -> {
                    assertThat(context).hasSingleBean(PythonEngine.class);
                    PythonEngine engine = context.getBean(PythonEngine.class);
                    assertThat(engine).isSameAs(context.getBean(OwnEngineConfiguration.class).built);
                    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
                    assertThat(eval(engine, "started_by_script")).isEqualTo("yes");
                });
    }

    @Test
    void anEngineTheApplicationStartedItselfIsNotStartedAgain() {
        runner.withUserConfiguration(StartedEngineConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PythonEngine.class).state()).isEqualTo(EngineState.RUNNING);
        });
    }

    @Test
    void theApplicationsOwnOutputWins() {
        runner.withUserConfiguration(CollectingOutputConfiguration.class)
                .withPropertyValues("pyembed.scripts=classpath:scripts/print.py").run(context -> {
                    assertThat(context).hasSingleBean(PythonOutput.class);
                    assertThat(context.getBean(CollectingOutput.class).lines)
                            .contains("STDOUT hello from python", "STDERR trouble ahead");
                });
    }

    @Test
    void builderCustomizersRunAfterTheProperties() {
        runner.withBean(PythonEngineBuilderCustomizer.class, () -> builder -> builder.pythonPath(temp)).run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(eval(engine, "__import__('sys').path")).asList().contains(temp.toString());
        });
    }

    @Test
    void pythonPathPutsFoldersInFrontOfSysPathAndExtractsClassPathFolders() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("own"));
        Files.writeString(folder.resolve("own_module.py"), "VALUE = 'from a folder'\n");
        AtomicReference<Path> extracted = new AtomicReference<>();
        runner.withPropertyValues("pyembed.python-path=" + folder + ",classpath:python/").run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            List<?> sysPath = (List<?>) eval(engine, "__import__('sys').path");
            assertThat(sysPath.get(0)).isEqualTo(folder.toString());
            extracted.set(Path.of((String) sysPath.get(1)));
            assertThat(extracted.get()).isNotEqualTo(folder).isDirectory();
            engine.runWithGil(gil -> {
                gil.exec("import own_module, greeting, pkg.inner");
                assertThat(gil.eval("own_module.VALUE")).isEqualTo("from a folder");
                assertThat(gil.eval("greeting.greet('spring')")).isEqualTo("hello spring");
                assertThat(gil.eval("pkg.inner.ANSWER")).isEqualTo(42L);
                assertThat(gil.eval("greeting.__file__")).asString().startsWith(extracted.get().toString());
            });
        });
        assertThat(extracted.get()).doesNotExist();
    }

    @Test
    void classPathFoldersAreExtractedFromJarsToo() throws IOException {
        Path jar = temp.resolve("python-lib.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            // With directory entries, as Maven and Spring Boot's executable jars have them (Spring's class path
            // pattern search needs them).
            for (String folder : List.of("py-in-jar/", "py-in-jar/sub/")) {
                jarOut.putNextEntry(new ZipEntry(folder));
                jarOut.closeEntry();
            }
            jarOut.putNextEntry(new ZipEntry("py-in-jar/jarmod.py"));
            jarOut.write("WHERE = 'jar'\n".getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
            jarOut.putNextEntry(new ZipEntry("py-in-jar/sub/deeper.py"));
            jarOut.write("WHERE = 'deeper'\n".getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        runner.withClassLoader(loader).withPropertyValues("pyembed.python-path=classpath:py-in-jar/").run(context -> {
            assertThat(context).hasNotFailed();
            PythonEngine engine = context.getBean(PythonEngine.class);
            engine.runWithGil(gil -> {
                gil.exec("import jarmod, sub.deeper");
                assertThat(gil.eval("jarmod.WHERE")).isEqualTo("jar");
                assertThat(gil.eval("sub.deeper.WHERE")).isEqualTo("deeper");
            });
        });
        loader.close();
    }

    @Test
    void aClassPathEntryThatMatchesNothingFailsNamingTheProperty() {
        runner.withPropertyValues("pyembed.python-path=classpath:no-such-folder/").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("pyembed.python-path[0]=classpath:no-such-folder/")
                .hasMessageContaining("matches no files"));
    }

    @Test
    void interpretersStartWithTheEngine() {
        runner.withPropertyValues("pyembed.interpreters.size=2", "pyembed.interpreters.modules=json").run(context -> {
            PythonInterpreterPool pool = context.getBean(PythonEngine.class).interpreters();
            assertThat(pool.size()).isEqualTo(2);
            assertThat(pool.<Object>call(interp -> interp.eval("'json' in __import__('sys').modules"))).isEqualTo(true);
        });
    }

    @Test
    void modulesAreImportedAndThenScriptsRunAtStart() {
        runner.withPropertyValues("pyembed.python-path=classpath:python/", "pyembed.modules=json,greeting",
                "pyembed.scripts=classpath:scripts/started.py").run(context -> {
                    PythonEngine engine = context.getBean(PythonEngine.class);
                    assertThat(eval(engine, "started_by_script")).isEqualTo("yes");
                    assertThat(eval(engine, "startup_modules_seen")).isEqualTo(List.of("greeting", "json"));
                });
    }

    @Test
    void pythonEnvironmentVariablesAreIgnoredByDefault() {
        runner.run(context -> assertThat(eval(context.getBean(PythonEngine.class), "__import__('sys').flags.ignore_environment"))
                .isEqualTo(1L));
    }

    @Test
    void useEnvironmentLetsPythonEnvironmentVariablesApply() {
        runner.withPropertyValues("pyembed.use-environment=true").run(context -> assertThat(
                eval(context.getBean(PythonEngine.class), "__import__('sys').flags.ignore_environment")).isEqualTo(0L));
    }

    @Test
    void lazyStartStartsOnTheFirstWithGilCall() {
        runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withUserConfiguration(LazyServiceConfiguration.class)
                .withPropertyValues("pyembed.lazy-start=true", "pyembed.scripts=classpath:scripts/started.py").run(context -> {
                    PythonEngine engine = context.getBean(PythonEngine.class);
                    assertThat(engine.state()).isEqualTo(EngineState.NEW);
                    assertThat(context.getBean(LazyService.class).marker()).isEqualTo("yes");
                    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
                    assertThat(context.getBean(PythonEngineLifecycle.class).ensureStarted()).isSameAs(engine);
                });
    }

    @Test
    void lazyStartWithoutUseNeverStartsPython() {
        AtomicReference<PythonEngine> engine = new AtomicReference<>();
        runner.withPropertyValues("pyembed.lazy-start=true").run(context -> {
            engine.set(context.getBean(PythonEngine.class));
            assertThat(engine.get().state()).isEqualTo(EngineState.NEW);
        });
        assertThat(engine.get().state()).isEqualTo(EngineState.STOPPED);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngineConfiguration {
        PythonEngine built;

        @Bean
        PythonEngine myEngine() {
            built = PythonEngine.builder().runtime(TestRuntime.selection()).shutdownHook(false).build();
            return built;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StartedEngineConfiguration {
        @Bean
        PythonEngine myEngine() {
            return PythonEngine.builder().runtime(TestRuntime.selection()).shutdownHook(false).start();
        }
    }

    static class CollectingOutput implements PythonOutput {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void line(Stream stream, String line) {
            lines.add(stream + " " + line);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CollectingOutputConfiguration {
        @Bean
        CollectingOutput collectingOutput() {
            return new CollectingOutput();
        }
    }

    static class LazyService {
        private final PythonEngine engine;

        LazyService(PythonEngine engine) {
            this.engine = engine;
        }

        @WithGil
        public Object marker() {
            return eval(engine, "started_by_script");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyServiceConfiguration {
        @Bean
        LazyService lazyService(PythonEngine engine) {
            return new LazyService(engine);
        }
    }
}
