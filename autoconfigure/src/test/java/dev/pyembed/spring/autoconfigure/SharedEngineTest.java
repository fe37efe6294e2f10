package dev.pyembed.spring.autoconfigure;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.callback.PythonCallable;
import dev.pyembed.spring.engine.PythonEngineLifecycle;
import dev.pyembed.spring.engine.PythonEngineRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several application contexts in one JVM share its one engine ({@link PythonEngineRegistry}): a second context
 * gets the running engine, not a start failure; what a context gave Python goes with it; the last one to close
 * shuts Python down; a context stopped (or paused) and started again finds Python running.
 */
class SharedEngineTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property());

    @TempDir
    Path temp;

    @Test
    void twoContextsAtOnceShareTheEngineAndTheLastOneToCloseShutsItDown() {
        AtomicReference<PythonEngine> engine = new AtomicReference<>();
        runner.withUserConfiguration(GreeterA.class).run(a -> {
            engine.set(a.getBean(PythonEngine.class));
            runner.withUserConfiguration(GreeterB.class).run(b -> {
                assertThat(b).hasNotFailed();
                assertThat(b.getBean(PythonEngine.class)).isSameAs(engine.get());
                assertThat(PythonEngineRegistry.shared().leaseCount()).isEqualTo(2);
                // the name both register goes to the context that started last
                assertThat(eval(engine.get(), "__import__('pyembed').java('greeter').name()")).isEqualTo("B");
            });
            // B closed: the engine runs on for A, and A's bean is Python's again
            assertThat(engine.get().state()).isEqualTo(EngineState.RUNNING);
            assertThat(PythonEngineRegistry.shared().leaseCount()).isEqualTo(1);
            assertThat(eval(engine.get(), "__import__('pyembed').java('greeter').name()")).isEqualTo("A");
        });
        assertThat(engine.get().state()).isEqualTo(EngineState.STOPPED);
        assertThat(PythonEngineRegistry.shared().leaseCount()).isZero();
    }

    @Test
    void aCallableOnlyTheClosedContextRegisteredLeavesPython() {
        runner.withUserConfiguration(GreeterA.class).run(a -> {
            PythonEngine engine = a.getBean(PythonEngine.class);
            runner.withUserConfiguration(OnlyInB.class).run(b ->
                    assertThat(eval(engine, "__import__('pyembed').java('onlyb').name()")).isEqualTo("only B"));
            assertThatThrownBy(() -> eval(engine, "__import__('pyembed').java('onlyb')"))
                    .isInstanceOf(PythonException.class).hasMessageContaining("no Java object is registered as 'onlyb'");
        });
    }

    @Test
    void eachContextsPythonPathJoinsSysPathAndLeavesWithIt() throws IOException {
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));
        Files.writeString(first.resolve("first_module.py"), "WHO = 'first'\n");
        Files.writeString(second.resolve("second_module.py"), "WHO = 'second'\n");
        runner.withPropertyValues("pyembed.python-path=" + first).run(a -> {
            PythonEngine engine = a.getBean(PythonEngine.class);
            runner.withPropertyValues("pyembed.python-path=" + second, "pyembed.modules=second_module").run(b -> {
                assertThat(b).hasNotFailed();
                assertThat(eval(engine, "__import__('second_module').WHO + __import__('first_module').WHO"))
                        .isEqualTo("secondfirst");
            });
            assertThat(eval(engine, "'" + second + "' in __import__('sys').path")).isEqualTo(false);
            assertThat(eval(engine, "'" + first + "' in __import__('sys').path")).isEqualTo(true);
        });
    }

    @Test
    void aContextWithOtherEngineSettingsFailsNamingBothContextsAndTheProperty() {
        runner.run(a -> runner.withPropertyValues("pyembed.shutdown-timeout=3s").run(b -> {
            assertThat(b).hasFailed();
            Throwable failure = b.getStartupFailure();
            FailureAnalysis analysis = new PythonStartFailureAnalyzer(null).analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("built by another application context")
                    .contains("engine built by application context")
                    .contains("pyembed.shutdown-timeout: PT10S (engine) / PT3S (asked for)");
            assertThat(analysis.getAction()).contains("same values").contains("@DirtiesContext");
            // the running context is not harmed
            assertThat(eval(a.getBean(PythonEngine.class), "1 + 1")).isEqualTo(2L);
        }));
    }

    @Test
    void aStoppedContextStartedAgainFindsPythonRunning() {
        runner.withUserConfiguration(GreeterA.class).withPropertyValues("pyembed.scripts=classpath:scripts/count-starts.py")
                .run(context -> {
                    PythonEngine engine = context.getBean(PythonEngine.class);
                    PythonEngineLifecycle lifecycle = context.getBean(PythonEngineLifecycle.class);
                    ConfigurableApplicationContext configurable = context.getSourceApplicationContext();
                    configurable.stop();
                    assertThat(lifecycle.isRunning()).isFalse();
                    configurable.start();
                    assertThat(lifecycle.isRunning()).isTrue();
                    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
                    assertThat(eval(engine, "__import__('pyembed').java('greeter').name()")).isEqualTo("A");
                    configurable.pause();
                    configurable.restart();
                    assertThat(eval(engine, "6 * 7")).isEqualTo(42L);
                    assertThat(eval(engine, "started_count")).as("startup scripts run once per context").isEqualTo(1L);
                });
    }

    /** A bean Python calls as {@code pyembed.java(...)}. */
    public static class Greeter {
        private final String name;

        Greeter(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }
    }

    @PythonCallable(name = "greeter")
    static class GreeterOfA extends Greeter {
        GreeterOfA() {
            super("A");
        }
    }

    @PythonCallable(name = "greeter")
    static class GreeterOfB extends Greeter {
        GreeterOfB() {
            super("B");
        }
    }

    @PythonCallable(name = "onlyb")
    static class OnlyB extends Greeter {
        OnlyB() {
            super("only B");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GreeterA {
        @Bean
        GreeterOfA greeterOfA() {
            return new GreeterOfA();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GreeterB {
        @Bean
        GreeterOfB greeterOfB() {
            return new GreeterOfB();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnlyInB {
        @Bean
        OnlyB onlyB() {
            return new OnlyB();
        }
    }
}
