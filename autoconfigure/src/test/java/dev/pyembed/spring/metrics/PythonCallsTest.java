package dev.pyembed.spring.metrics;

import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import dev.pyembed.spring.gil.WithGil;
import dev.pyembed.spring.gil.WithGilAspect;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.pyembed.spring.observability.TestEngine.onThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code python.calls} by method and outcome, around the real {@code @WithGil} aspect and a real CPython. */
class PythonCallsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PythonAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, PythonMetricsAutoConfiguration.class))
            .withUserConfiguration(ScoringConfiguration.class)
            .withPropertyValues("pyembed.runtime=" + System.getProperty("pyembed.test.runtime", "embedded").toLowerCase(Locale.ROOT));

    @Test
    void callsAreCountedAndTimedByMethodAndOutcome() {
        runner.run(context -> {
            Scoring scoring = context.getBean(Scoring.class);
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(scoring.score(3)).isEqualTo(9L);
            assertThat(scoring.score(4)).isEqualTo(16L);
            assertThatThrownBy(() -> scoring.fail()).isInstanceOf(IllegalStateException.class);

            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            CompletableFuture<Void> holder = onThread("holder", () -> engine.runWithGil(gil -> {
                holding.countDown();
                try {
                    letGo.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            try {
                assertThatThrownBy(() -> scoring.impatient()).isInstanceOf(GilTimeoutException.class);
            } finally {
                letGo.countDown();
                holder.get(10, TimeUnit.SECONDS);
            }

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            FunctionTimer success = registry.get("python.calls").tags("method", "Scoring.score", "outcome", "success", "exception", "none").functionTimer();
            assertThat(success.count()).isEqualTo(2);
            assertThat(registry.get("python.calls").tags("method", "Scoring.fail", "outcome", "error",
                    "exception", "IllegalStateException").functionTimer().count()).isEqualTo(1);
            assertThat(registry.get("python.calls").tags("method", "Scoring.impatient", "outcome", "gil-timeout",
                    "exception", "GilTimeoutException").functionTimer().count()).isEqualTo(1);
            assertThat(registry.get("python.gil.hold").tags("method", "Scoring.score").functionTimer().count())
                    .as("the same label as the GIL scope").isEqualTo(2);
            assertThat(context.getBean(PythonCallsAspect.class).getOrder())
                    .isLessThan(context.getBean(WithGilAspect.class).getOrder());
        });
    }

    @Test
    void histogramsOrSlosSetThroughSpringBootPropertiesMakeThoseTimersRealTimers() {
        runner.withPropertyValues("management.metrics.distribution.percentiles-histogram.python.calls=true",
                "management.metrics.distribution.slo.python.gil.wait=1ms").run(context -> {
            Scoring scoring = context.getBean(Scoring.class);
            assertThat(scoring.score(5)).isEqualTo(25L);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Timer calls = registry.get("python.calls").tags("method", "Scoring.score", "outcome", "success").timer();
            assertThat(calls.count()).isEqualTo(1);
            assertThat(registry.get("python.gil.wait").tags("method", "Scoring.score").timer().takeSnapshot()
                    .histogramCounts()).as("the 1ms SLO bucket").hasSize(1);
            assertThat(registry.find("python.gil.wait.seconds.max").gauges()).as("a Timer has its own max").isEmpty();
            assertThat(registry.get("python.gil.hold").tags("method", "Scoring.score").functionTimer().count())
                    .as("no histogram asked for: the per-thread function timer").isEqualTo(1);
            assertThat(registry.get("python.gil.hold.seconds.max").tags("method", "Scoring.score").gauge().value())
                    .isPositive();
        });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void callsFromVirtualThreadsAreCountedInTheTimersSharedCell() {
        runner.run(context -> {
            Scoring scoring = context.getBean(Scoring.class);
            int calls = 20;
            // Executors.newVirtualThreadPerTaskExecutor(), called reflectively: this compiles for Java 17
            ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            try {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    int x = i;
                    results.add(virtual.submit(() -> scoring.score(x)));
                }
                for (int i = 0; i < calls; i++) {
                    assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo((long) i * i);
                }
            } finally {
                virtual.shutdown();
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("python.calls").tags("method", "Scoring.score", "outcome", "success").functionTimer()
                    .count()).isEqualTo(calls);
            assertThat(registry.get("python.calls.seconds.max").tags("method", "Scoring.score", "outcome", "success")
                    .gauge().value()).isPositive();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ScoringConfiguration {

        @Bean
        Scoring scoring(PythonEngine engine) {
            return new Scoring(engine);
        }
    }

    static class Scoring {

        private final PythonEngine engine;

        Scoring(PythonEngine engine) {
            this.engine = engine;
        }

        @WithGil
        public Object score(int x) {
            return engine.withGil(gil -> gil.eval(x + " * " + x)); // re-entrant inside the method's scope
        }

        @WithGil
        public void fail() {
            throw new IllegalStateException("on purpose");
        }

        @WithGil(timeout = "50ms")
        public void impatient() {
        }
    }
}
