package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.gil.WithGil;
import dev.pyembed.spring.metrics.PythonCallsAspect;
import dev.pyembed.spring.metrics.PythonMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One thread, no contention, in a Spring Boot application with the pyembed starter (no web server): a GIL scope +
 * {@code f()} ({@code def f(): return 1}) through a {@code @WithGil} bean method called through its Spring proxy
 * ({@code withGilAnnotated}), through {@code engine.withGil} ({@code withGilDirect}) and through
 * {@code engine.acquireGil} ({@code acquireGilDirect}). {@code metrics=on}: Boot's {@code SimpleMeterRegistry} is in
 * the context, so pyembed's GIL listener ({@code python.gil.*}, every scope) and its {@code python.calls} aspect
 * ({@code @WithGil} calls) record; {@code off}: no {@code MeterRegistry}, no listener, no calls aspect (checked at
 * set-up). The GIL watchdog is on in both (the default), so the engine's hold timing is on in both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpringGilBench {

    /** The application: auto-configuration and one bean with a {@code @WithGil} method. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class GilApplication {

        @Bean
        PythonCalls pythonCalls() {
            return new PythonCalls();
        }
    }

    /** A bean whose method runs in a GIL scope by the {@code @WithGil} aspect. */
    public static class PythonCalls {
        private PyObject f;

        /** Not advised: the proxy passes it to the bean itself (a field set on the proxy would stay there). */
        public void use(PyObject f) {
            this.f = f;
        }

        @WithGil
        public Object callF() {
            return f.call();
        }
    }

    @State(Scope.Benchmark)
    public static class SpringState {
        /** EMBEDDED: CPython 3.14 from org.bytedeco:cpython; SYSTEM: the shared-library python3 on PATH. */
        @Param({"EMBEDDED", "SYSTEM"})
        public String runtime;

        /** on: a MeterRegistry (pyembed's GIL listener and calls aspect bound); off: none. */
        @Param({"off", "on"})
        public String metrics;

        /**
         * With metrics on: off (the default) records python.gil.wait/hold and python.calls per thread (FunctionTimer +
         * max gauge); on sets {@code management.metrics.distribution.percentiles-histogram.python=true}, so they are
         * real Timers with histograms (one Timer.record per value). {@code --param histograms=off,on} to compare.
         */
        @Param({"off"})
        public String histograms;

        ConfigurableApplicationContext context;
        PythonEngine engine;
        /** The Spring proxy of the {@link PythonCalls} bean. */
        PythonCalls calls;
        PyObject f;

        @Setup(Level.Trial)
        public void startContext() throws Exception {
            boolean on = metrics.equals("on");
            // Python set-up on a helper thread, as in PythonState: the JMH thread makes its own thread state later.
            PythonState.onHelperThread(() -> {
                context = SpringApps.run(GilApplication.class, runtime, on ? "" : SpringApps.METER_REGISTRY,
                        histograms.equals("on") ? Map.of("management.metrics.distribution.percentiles-histogram.python", "true")
                                : Map.of());
                engine = context.getBean(PythonEngine.class);
                calls = context.getBean(PythonCalls.class);
                f = engine.withGil(gil -> {
                    gil.exec("def f(): return 1");
                    return (PyObject) gil.eval("f");
                });
                calls.use(f);
                check(on);
                return null;
            });
        }

        /** Fails unless the two settings differ as they should: listener and calls aspect recording, or absent. */
        private void check(boolean on) throws ReflectiveOperationException {
            if (!AopUtils.isAopProxy(calls)) {
                throw new IllegalStateException("the @WithGil bean is not proxied: AspectJ is missing");
            }
            int listeners = gilListeners(engine);
            int registries = context.getBeanNamesForType(MeterRegistry.class).length;
            if (!on) {
                if (listeners != 0 || registries != 0 || context.getBeanNamesForType(PythonMetrics.class).length != 0
                        || context.getBeanNamesForType(PythonCallsAspect.class).length != 0) {
                    throw new IllegalStateException("metrics=off, but " + registries + " MeterRegistry beans and "
                            + listeners + " GIL listeners");
                }
                System.out.println("SpringGilBench metrics=off: no MeterRegistry bean, no GIL listener, no calls aspect");
                return;
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            long waits = waits(registry);
            long timedCalls = timedCalls(registry);
            calls.callF();
            engine.withGil(gil -> f.call());
            long countedWaits = waits(registry) - waits;
            long countedCalls = timedCalls(registry) - timedCalls;
            boolean timers = !registry.find("python.gil.wait").timers().isEmpty();
            if (listeners != 1 || countedWaits != 2 || countedCalls != 1 || timers != histograms.equals("on")) {
                throw new IllegalStateException("metrics=on, but " + listeners + " GIL listeners, python.gil.wait counted "
                        + countedWaits + " of 2 scopes, python.calls " + countedCalls + " of 1 call, python.gil.wait is a "
                        + (timers ? "Timer" : "FunctionTimer") + " with histograms=" + histograms);
            }
            System.out.println("SpringGilBench metrics=on: " + registry.getClass().getSimpleName() + ", 1 GIL listener;"
                    + " python.gil.wait counted 2 of 2 scopes, python.calls 1 of 1 @WithGil call; python.gil.wait is a "
                    + (timers ? "Timer (histograms=on)" : "FunctionTimer (histograms=off)"));
        }

        @TearDown(Level.Trial)
        public void closeContext() throws Exception {
            if (metrics.equals("on")) {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                System.out.println("SpringGilBench metrics=on: python.gil.wait counted " + waits(registry)
                        + " scopes, python.calls " + timedCalls(registry) + " calls in this trial");
            }
            PythonState.onHelperThread(() -> engine.withGil(gil -> {
                f.close();
                return null;
            }));
            context.close();
        }

        /** A FunctionTimer per tag set by default; a Timer when histograms are configured for it. */
        private static long waits(MeterRegistry registry) {
            return registry.find("python.gil.wait").timers().stream().mapToLong(Timer::count).sum()
                    + registry.find("python.gil.wait").functionTimers().stream().mapToLong(t -> (long) t.count()).sum();
        }

        private static long timedCalls(MeterRegistry registry) {
            return registry.find(PythonCallsAspect.CALLS).timers().stream().mapToLong(Timer::count).sum()
                    + registry.find(PythonCallsAspect.CALLS).functionTimers().stream().mapToLong(t -> (long) t.count()).sum();
        }

        /** How many GIL listeners the engine has: core has no API for it, so its private fields are read. */
        private static int gilListeners(PythonEngine engine) throws ReflectiveOperationException {
            Field monitorField = PythonEngine.class.getDeclaredField("monitor");
            monitorField.setAccessible(true);
            Object monitor = monitorField.get(engine);
            Field listenersField = monitor.getClass().getDeclaredField("listeners");
            listenersField.setAccessible(true);
            return ((Object[]) listenersField.get(monitor)).length;
        }
    }

    /** The {@code @WithGil} bean method through its proxy: with metrics, the calls aspect around the GIL aspect. */
    @Benchmark
    public Object withGilAnnotated(SpringState state) {
        return state.calls.callF();
    }

    /** {@code engine.withGil(gil -> f.call())}: a scope without a label, as application code writes it. */
    @Benchmark
    public Object withGilDirect(SpringState state) {
        PyObject f = state.f;
        return state.engine.withGil(gil -> f.call());
    }

    /** {@code try (Gil gil = engine.acquireGil()) { return f.call(); }}: ScopeBench's scopeCallNoArgs in Spring. */
    @Benchmark
    public Object acquireGilDirect(SpringState state) {
        try (Gil gil = state.engine.acquireGil()) {
            return state.f.call();
        }
    }
}
