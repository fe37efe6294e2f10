package dev.pyembed.bench;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the Spring Boot applications of the Spring benchmarks: no web server, no banner, no start-up log, no JVM
 * shutdown hook (the benchmark closes the context), and the auto-configuration the class path gives: pyembed's
 * (the starter) and Micrometer's ({@code spring-boot-micrometer-metrics}: a {@code SimpleMeterRegistry}), unless
 * excluded.
 */
final class SpringApps {

    /** The auto-configurations of the pyembed starter ({@code META-INF/spring/...AutoConfiguration.imports}). */
    static final String PYEMBED = String.join(",",
            "dev.pyembed.spring.autoconfigure.PythonAutoConfiguration",
            "dev.pyembed.spring.metrics.PythonMetricsAutoConfiguration",
            "dev.pyembed.spring.actuate.endpoint.PythonEndpointAutoConfiguration",
            "dev.pyembed.spring.actuate.health.PythonHealthContributorAutoConfiguration",
            "dev.pyembed.spring.watchdog.GilWatchdogAutoConfiguration");

    /**
     * Micrometer's registry auto-configurations: without them there is no {@code MeterRegistry} bean at all (with
     * only the simple export disabled, Boot would still make an empty composite registry).
     */
    static final String METER_REGISTRY = String.join(",",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration");

    private SpringApps() {
    }

    /**
     * @param runtime  {@code EMBEDDED} or {@code SYSTEM} ({@code pyembed.runtime}); ignored when pyembed is excluded
     * @param excluded auto-configurations to leave out (comma-separated class names), or {@code ""}
     */
    static ConfigurableApplicationContext run(Class<?> application, String runtime, String excluded) {
        return run(application, runtime, excluded, Map.of());
    }

    /** {@link #run(Class, String, String)} with more properties. */
    static ConfigurableApplicationContext run(Class<?> application, String runtime, String excluded,
                                              Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(more);
        properties.put("pyembed.runtime", runtime.toLowerCase(Locale.ROOT));
        properties.put("pyembed.packages.enabled", "false"); // pyembed-numpy is for NumpyBench
        if (!excluded.isEmpty()) {
            properties.put("spring.autoconfigure.exclude", excluded);
        }
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(properties)
                .run();
    }
}
