package dev.pyembed.spring.multicontext;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import dev.pyembed.spring.callback.PythonCallable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import java.util.Locale;

/**
 * The two application contexts of the multi-context suite (the classes of this package run in this order in one
 * JVM, with Spring's test context cache: A, then B, then A again), and what the classes saw.
 */
final class SuiteContexts {

    /** A's context and engine, as the first class saw them. */
    static volatile ApplicationContext contextA;
    static volatile PythonEngine engineA;

    private SuiteContexts() {
    }

    /** Whether Spring's test context cache pauses the contexts it does not use ({@code spring.test.context.cache.pause}). */
    static boolean pausing() {
        return !"never".equals(System.getProperty("spring.test.context.cache.pause", "on_context_switch")
                .toLowerCase(Locale.ROOT));
    }

    public static class Greeter {
        private final String name;

        Greeter(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }
    }

    @PythonCallable(name = "greeter")
    public static class GreeterOfA extends Greeter {
        GreeterOfA() {
            super("A");
        }
    }

    @PythonCallable(name = "greeter")
    public static class GreeterOfB extends Greeter {
        GreeterOfB() {
            super("B");
        }
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration(PythonAutoConfiguration.class)
    static class ConfigA {
        @Bean
        GreeterOfA greeterOfA() {
            return new GreeterOfA();
        }
    }

    /** B also has a python-path folder and a startup module of its own. */
    @SpringBootConfiguration
    @ImportAutoConfiguration(PythonAutoConfiguration.class)
    static class ConfigB {
        @Bean
        GreeterOfB greeterOfB() {
            return new GreeterOfB();
        }
    }
}
