package dev.pyembed.spring.metrics;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.autoconfigure.PythonObservabilityProperties;
import dev.pyembed.spring.gil.WithGilAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@link PythonMetrics} for the {@link PythonEngine} bean, when Micrometer and a {@link MeterRegistry} are there
 * (Spring Boot binds every {@code MeterBinder} bean to its registry), and {@link PythonCallsAspect} around the
 * {@code @WithGil} aspect.
 */
@AutoConfiguration(afterName = {
        "dev.pyembed.spring.autoconfigure.PythonAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({PythonEngine.class, MeterRegistry.class})
@EnableConfigurationProperties(PythonObservabilityProperties.class)
public final class PythonMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonMetrics pythonMetrics(PythonEngine engine, PythonObservabilityProperties properties,
                                ObjectProvider<MeterFilter> meterFilters) {
        // The filters Spring Boot applies to every registry, in its order: they say whether histograms are on.
        return new PythonMetrics(engine, properties.getStatsTimeout(), properties.getMaxMethodTags(),
                meterFilters.orderedStream().toList());
    }

    /** {@code python.calls}, when the {@code @WithGil} aspect is there: this one wraps it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.aspectj.weaver.Advice")
    @ConditionalOnBean(type = "dev.pyembed.spring.gil.WithGilAspect")
    static class CallsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PythonCallsAspect pythonCallsAspect(MeterRegistry registry, WithGilAspect withGilAspect,
                                            PythonObservabilityProperties properties,
                                            ObjectProvider<MeterFilter> meterFilters) {
            int order = withGilAspect.getOrder() == Ordered.HIGHEST_PRECEDENCE ? Ordered.HIGHEST_PRECEDENCE
                    : withGilAspect.getOrder() - 1;
            return new PythonCallsAspect(registry, properties.getMaxMethodTags(), order,
                    meterFilters.orderedStream().toList());
        }
    }
}
