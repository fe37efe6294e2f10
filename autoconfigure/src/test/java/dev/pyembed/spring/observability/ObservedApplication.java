package dev.pyembed.spring.observability;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.gil.WithGil;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with its own, already started engine bean (the auto-configured lifecycle leaves it as
 * it is) and one {@code @WithGil} bean: what the HTTP tests of the endpoint, the health indicator and the Prometheus
 * scrape run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ObservedApplication {

    @Bean(destroyMethod = "close")
    PythonEngine pythonEngine() {
        return TestEngine.start();
    }

    @Bean
    Squares squares(PythonEngine engine) {
        return new Squares(engine);
    }

    /** A {@code @WithGil} bean, for {@code python.calls}. */
    public static class Squares {

        private final PythonEngine engine;

        Squares(PythonEngine engine) {
            this.engine = engine;
        }

        @WithGil
        public Object square(long x) {
            return engine.withGil(gil -> gil.eval(x + " * " + x));
        }
    }
}
