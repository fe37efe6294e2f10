package dev.pyembed.spring.watchdog;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.autoconfigure.PythonObservabilityProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * The {@link GilWatchdog}: a GIL hold longer than {@code pyembed.gil.hold-warning} (default 2s, {@code 0} turns it
 * off) is logged once, with stacks, at most once per {@code pyembed.observability.hold-warning-interval}.
 */
@AutoConfiguration(afterName = "dev.pyembed.spring.autoconfigure.PythonAutoConfiguration")
@ConditionalOnBean(PythonEngine.class)
@EnableConfigurationProperties(PythonObservabilityProperties.class)
public final class GilWatchdogAutoConfiguration {

    static final String HOLD_WARNING = "pyembed.gil.hold-warning";
    static final Duration DEFAULT_HOLD_WARNING = Duration.ofSeconds(2);

    @Bean
    @ConditionalOnMissingBean
    GilWatchdog gilWatchdog(PythonEngine engine, Environment environment, PythonObservabilityProperties properties) {
        Duration threshold = Binder.get(environment).bind(HOLD_WARNING, Duration.class).orElse(DEFAULT_HOLD_WARNING);
        return new GilWatchdog(engine, threshold, properties.getHoldWarningInterval());
    }
}
