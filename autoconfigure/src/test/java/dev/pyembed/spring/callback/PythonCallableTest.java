package dev.pyembed.spring.callback;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import dev.pyembed.spring.gil.WithGil;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @PythonCallable} beans are reachable from Python as {@code pyembed.java("name")}, from the startup scripts on. */
class PythonCallableTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property());

    @Test
    void startupScriptsCanAlreadyCallTheBeans() {
        runner.withUserConfiguration(CallablesConfiguration.class)
                .withPropertyValues("pyembed.scripts=classpath:scripts/call-java.py").run(context -> {
                    assertThat(context).hasSingleBean(PythonCallableRegistrar.class);
                    assertThat(eval(context.getBean(PythonEngine.class), "price_at_start")).isEqualTo(42.5);
                });
    }

    @Test
    void theBeanNameIsThePythonNameUnlessTheAnnotationGivesOne() {
        runner.withUserConfiguration(CallablesConfiguration.class).run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(eval(engine, "__import__('pyembed').java('clock').name()")).isEqualTo("clock");
            assertThat(eval(engine, "__import__('pyembed').java('prices').price('B')")).isEqualTo(42.5);
        });
    }

    @Test
    void theGilIsReleasedDuringCallsUnlessTheBeanSaysOtherwise() {
        runner.withUserConfiguration(CallablesConfiguration.class).run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(eval(engine, "__import__('pyembed').java('prices').holdsGil()")).isEqualTo(false);
            assertThat(eval(engine, "__import__('pyembed').java('clock').holdsGil()")).isEqualTo(true);
        });
    }

    @Test
    void pythonCallsTheBeanThroughItsProxySoItsAdviceApplies() {
        runner.withUserConfiguration(CallablesConfiguration.class).run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(eval(engine, "__import__('pyembed').java('prices').holdsGilInWithGil()")).isEqualTo(true);
        });
    }

    @Test
    void aJavaExceptionReachesPythonAndComesBackNamingTheBeanMethod() {
        runner.withUserConfiguration(CallablesConfiguration.class).run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThatThrownBy(() -> eval(engine, "__import__('pyembed').java('prices').price('')"))
                    .isInstanceOf(PythonException.class).hasMessageContaining("no sku");
        });
    }

    @Test
    void twoBeansWithOnePythonNameFailTheStartNamingBoth() {
        runner.withUserConfiguration(CallablesConfiguration.class, ClashConfiguration.class).run(context -> assertThat(context)
                .getFailure().hasMessageContaining("beans 'prices' and 'otherPrices' are both @PythonCallable as 'prices'"));
    }

    @Test
    void enabledFalseRegistersNothing() {
        runner.withPropertyValues("pyembed.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PythonCallableRegistrar.class));
    }

    @PythonCallable(name = "prices")
    public static class PriceService {
        private final PythonEngine engine;

        public PriceService(PythonEngine engine) {
            this.engine = engine;
        }

        public double price(String sku) {
            if (sku.isEmpty()) {
                throw new IllegalArgumentException("no sku");
            }
            return 42.5;
        }

        public boolean holdsGil() {
            return engine.isGilHeldByCurrentThread();
        }

        @WithGil
        public boolean holdsGilInWithGil() {
            return engine.isGilHeldByCurrentThread();
        }
    }

    @PythonCallable(releasesGil = false)
    public static class Clock {
        private final PythonEngine engine;

        public Clock(PythonEngine engine) {
            this.engine = engine;
        }

        public String name() {
            return "clock";
        }

        public boolean holdsGil() {
            return engine.isGilHeldByCurrentThread();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CallablesConfiguration {
        @Bean
        PriceService prices(PythonEngine engine) {
            return new PriceService(engine);
        }

        @Bean
        Clock clock(PythonEngine engine) {
            return new Clock(engine);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClashConfiguration {
        @Bean
        PriceService otherPrices(PythonEngine engine) {
            return new PriceService(engine);
        }
    }

}
