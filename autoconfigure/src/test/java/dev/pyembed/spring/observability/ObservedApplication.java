package dev.pyembed.spring.observability;

import dev.pyembed.PythonEngine;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with its own engine bean (the starter's auto-configuration is not needed here): what
 * the HTTP tests of the endpoint, the health indicator and the Prometheus scrape run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ObservedApplication {

    @Bean(destroyMethod = "close")
    PythonEngine pythonEngine() {
        return TestEngine.start();
    }
}
