package dev.pyembed.spring.observability;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.spring.actuate.endpoint.PythonEndpoint;
import dev.pyembed.spring.actuate.endpoint.PythonEndpointAutoConfiguration;
import dev.pyembed.spring.metrics.PythonMetricsAutoConfiguration;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The sub-interpreter pool in metrics (one set of meters per interpreter) and in /actuator/python. */
class InterpreterPoolObservabilityTest {

    private static PythonEngine engine;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonMetricsAutoConfiguration.class, PythonEndpointAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=python")
            .withBean(PythonEngine.class, () -> engine, bd -> ((AbstractBeanDefinition) bd).setDestroyMethodName(""));

    @BeforeAll
    static void startEngine() {
        assumeTrue("embedded".equals(System.getProperty("pyembed.test.runtime", "embedded")), "sub-interpreters need 3.12+");
        engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).shutdownTimeout(Duration.ofSeconds(10))
                .interpreters(2, List.of()).start();
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void eachInterpreterHasItsMetersAndItsEntryInTheEndpoint() {
        runner.run(context -> {
            engine.interpreters().submitTo(1, interp -> interp.eval("sum(range(1000))")).join();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            FunctionTimer second = registry.find("python.interpreter.calls").tag("interpreter", "1").functionTimer();
            assertThat(second).isNotNull();
            assertThat(second.count()).isEqualTo(1.0);
            assertThat(registry.find("python.interpreter.queued").tag("interpreter", "0").gauge()).isNotNull();
            assertThat(registry.find("python.interpreter.errors").tag("interpreter", "0").functionCounter()).isNotNull();

            PythonEndpoint.PythonDescriptor python = context.getBean(PythonEndpoint.class).python();
            assertThat(python.interpreters()).extracting(PythonEndpoint.InterpreterDescriptor::index).containsExactly(0, 1);
            assertThat(python.interpreters().get(1).completed()).isEqualTo(1);
        });
    }
}
