package dev.pyembed.spring.actuate.health;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.autoconfigure.PythonObservabilityProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code python} health indicator ({@code management.health.python.enabled}), a member of the readiness group.
 * Conditions whose classes come from {@code spring-boot-health} sit on the bean methods, so that nothing of it is
 * loaded when it is absent.
 */
@AutoConfiguration(afterName = {
        "dev.pyembed.spring.autoconfigure.PythonAutoConfiguration",
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration"})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(PythonEngine.class)
@EnableConfigurationProperties(PythonObservabilityProperties.class)
public final class PythonHealthContributorAutoConfiguration {

    /** The bean name gives the contributor name: {@code python}. */
    @Bean
    @ConditionalOnMissingBean(name = "pythonHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("python")
    PythonHealthIndicator pythonHealthIndicator(PythonEngine engine, PythonObservabilityProperties properties) {
        return new PythonHealthIndicator(engine, properties.getHealthTimeout());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
            "org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper"})
    static class ReadinessConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PythonReadinessGroupsPostProcessor pythonReadinessGroupsPostProcessor(Environment environment) {
            return new PythonReadinessGroupsPostProcessor("python", environment);
        }
    }
}
