package dev.pyembed.spring.actuate.endpoint;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.autoconfigure.PythonObservabilityProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code python} Actuator endpoint, when it is available (exposed and allowed). The endpoint condition sits on
 * the bean method: its condition class is Actuator's, and must not be loaded when Actuator is absent.
 */
@AutoConfiguration(afterName = "dev.pyembed.spring.autoconfigure.PythonAutoConfiguration")
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(PythonEngine.class)
@EnableConfigurationProperties(PythonObservabilityProperties.class)
public final class PythonEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(PythonEndpoint.class)
    PythonEndpoint pythonEndpoint(PythonEngine engine, PythonObservabilityProperties properties) {
        return new PythonEndpoint(engine, properties.getSnapshotTimeout());
    }
}
