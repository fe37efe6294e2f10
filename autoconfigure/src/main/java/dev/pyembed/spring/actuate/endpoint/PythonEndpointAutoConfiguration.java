package dev.pyembed.spring.actuate.endpoint;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.PythonObservabilityProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@code python} Actuator endpoint, when it is available (exposed and allowed). */
@AutoConfiguration(afterName = "dev.pyembed.spring.autoconfigure.PythonAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(PythonEngine.class)
@ConditionalOnAvailableEndpoint(PythonEndpoint.class)
@EnableConfigurationProperties(PythonObservabilityProperties.class)
public final class PythonEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonEndpoint pythonEndpoint(PythonEngine engine, PythonObservabilityProperties properties) {
        return new PythonEndpoint(engine, properties.getSnapshotTimeout());
    }
}
