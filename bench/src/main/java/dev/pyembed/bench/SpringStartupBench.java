package dev.pyembed.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.concurrent.TimeUnit;

/**
 * Start and close of a Spring Boot application (no web server, no beans of its own, Micrometer's auto-configuration
 * on) with the pyembed starter's auto-configuration, and of the same application with it excluded. Each timed
 * alone, several times in one JVM: closing the context finalizes CPython and the next start initializes it again
 * (as {@link LifecycleBench} does for the bare engine). The JVM is warm: this is a restart of the context, not a
 * cold start of the process, whose class loading comes first (for that: {@code -f 10 -wi 0 -i 1}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(1)
public class SpringStartupBench {

    /** The application: nothing but auto-configuration. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class EmptyApplication {
    }

    /** A context that a benchmark starts or closes; one still open after an iteration is closed then. */
    public abstract static class ContextState {
        ConfigurableApplicationContext context;

        abstract ConfigurableApplicationContext start();

        ConfigurableApplicationContext close() {
            ConfigurableApplicationContext closing = context;
            closing.close();
            context = null;
            return closing;
        }

        @TearDown(Level.Iteration)
        public void closeIfOpen() {
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }

    /** The application without pyembed's auto-configurations. */
    @State(Scope.Thread)
    public static class Plain extends ContextState {
        @Override
        ConfigurableApplicationContext start() {
            return SpringApps.run(EmptyApplication.class, "EMBEDDED", SpringApps.PYEMBED);
        }
    }

    @State(Scope.Thread)
    public static class PlainStarted extends Plain {
        @Setup(Level.Iteration)
        public void startContext() {
            context = start();
        }
    }

    /** The application with pyembed: engine, lifecycle, {@code @WithGil} aspect, GIL metrics, watchdog. */
    @State(Scope.Thread)
    public static class WithPyembed extends ContextState {
        /** EMBEDDED: CPython 3.14 from org.bytedeco:cpython; SYSTEM: the shared-library python3 on PATH. */
        @Param({"EMBEDDED", "SYSTEM"})
        public String runtime;

        @Override
        ConfigurableApplicationContext start() {
            return SpringApps.run(EmptyApplication.class, runtime, "");
        }
    }

    @State(Scope.Thread)
    public static class WithPyembedStarted extends WithPyembed {
        @Setup(Level.Iteration)
        public void startContext() {
            context = start();
        }
    }

    /** {@code SpringApplication.run}: refresh the context; pyembed's lifecycle starts CPython in it. */
    @Benchmark
    public ConfigurableApplicationContext startWithPyembed(WithPyembed state) {
        return state.context = state.start();
    }

    /** {@code context.close()}: the lifecycle stops (CPython is finalized), then the beans are destroyed. */
    @Benchmark
    public ConfigurableApplicationContext closeWithPyembed(WithPyembedStarted state) {
        return state.close();
    }

    /** {@code SpringApplication.run} of the same application without pyembed's auto-configurations. */
    @Benchmark
    public ConfigurableApplicationContext startWithoutPyembed(Plain state) {
        return state.context = state.start();
    }

    /** {@code context.close()} of the application without pyembed. */
    @Benchmark
    public ConfigurableApplicationContext closeWithoutPyembed(PlainStarted state) {
        return state.close();
    }
}
