package dev.pyembed.spring.observability;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.actuate.endpoint.PythonEndpoint;
import dev.pyembed.spring.actuate.endpoint.PythonEndpointAutoConfiguration;
import dev.pyembed.spring.actuate.health.PythonHealthContributorAutoConfiguration;
import dev.pyembed.spring.actuate.health.PythonHealthIndicator;
import dev.pyembed.spring.actuate.health.PythonReadinessGroupsPostProcessor;
import dev.pyembed.spring.metrics.PythonMetrics;
import dev.pyembed.spring.metrics.PythonMetricsAutoConfiguration;
import dev.pyembed.spring.watchdog.GilWatchdog;
import dev.pyembed.spring.watchdog.GilWatchdogAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** When each part is there, and that each bean can be replaced. One started engine serves every context. */
class ObservabilityAutoConfigurationTest {

    private static PythonEngine engine;

    private final ApplicationContextRunner withoutEngine = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonMetricsAutoConfiguration.class, PythonEndpointAutoConfiguration.class,
                    PythonHealthContributorAutoConfiguration.class, GilWatchdogAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class));

    private final ApplicationContextRunner runner = withoutEngine
            // the test's engine outlives each context: no destroy method
            .withBean(PythonEngine.class, () -> engine, bd -> ((AbstractBeanDefinition) bd).setDestroyMethodName(""));

    @BeforeAll
    static void startEngine() {
        engine = TestEngine.start();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void nothingWithoutAnEngineBean() {
        withoutEngine.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(PythonMetrics.class)
                .doesNotHaveBean(PythonEndpoint.class)
                .doesNotHaveBean(PythonHealthIndicator.class)
                .doesNotHaveBean(GilWatchdog.class));
    }

    @Test
    void metricsHealthAndWatchdogByDefaultTheEndpointWhenExposed() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PythonMetrics.class)
                    .hasBean("pythonHealthIndicator")
                    .hasSingleBean(PythonReadinessGroupsPostProcessor.class)
                    .hasSingleBean(GilWatchdog.class)
                    .doesNotHaveBean(PythonEndpoint.class);
            assertThat(context.getBean(MeterRegistry.class).find("python.gil.waiting").gauge()).isNotNull();
            assertThat(context.getBean(GilWatchdog.class).threshold()).isEqualTo(Duration.ofSeconds(2));
            assertThat(context.getBean(GilWatchdog.class).isRunning()).isTrue();
        });
        runner.withPropertyValues("management.endpoints.web.exposure.include=python")
                .run(context -> assertThat(context).hasSingleBean(PythonEndpoint.class));
    }

    @Test
    void theWatchdogReadsPyembedGilHoldWarningAndZeroTurnsItOff() {
        runner.withPropertyValues("pyembed.gil.hold-warning=750ms")
                .run(context -> assertThat(context.getBean(GilWatchdog.class).threshold()).isEqualTo(Duration.ofMillis(750)));
        runner.withPropertyValues("pyembed.gil.hold-warning=0")
                .run(context -> assertThat(context.getBean(GilWatchdog.class).isRunning()).isFalse());
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.python.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PythonHealthIndicator.class));
    }

    @Test
    void withoutMicrometerNoMetricsButTheRestWorks() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PythonMetrics.class)
                        .hasSingleBean(PythonHealthIndicator.class)
                        .hasSingleBean(GilWatchdog.class));
    }

    @Test
    void withoutActuatorNoEndpointNoHealthButMetricsAndWatchdog() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .withPropertyValues("management.endpoints.web.exposure.include=python")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PythonEndpoint.class)
                        .doesNotHaveBean(PythonHealthIndicator.class)
                        .doesNotHaveBean(PythonReadinessGroupsPostProcessor.class)
                        .hasSingleBean(PythonMetrics.class)
                        .hasSingleBean(GilWatchdog.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        PythonMetrics own = new PythonMetrics(engine, Duration.ofSeconds(1), 5);
        runner.withBean(PythonMetrics.class, () -> own)
                .withBean("pythonHealthIndicator", PythonHealthIndicator.class, () -> new PythonHealthIndicator(engine, Duration.ofSeconds(5)))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context.getBean(PythonMetrics.class)).isSameAs(own);
                    assertThat(context).hasSingleBean(PythonHealthIndicator.class);
                });
    }
}
