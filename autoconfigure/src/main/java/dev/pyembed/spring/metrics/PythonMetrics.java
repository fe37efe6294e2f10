package dev.pyembed.spring.metrics;

import dev.pyembed.InterpreterStats;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds an engine's GIL events and interpreter counters to Micrometer:
 *
 * <ul>
 *   <li>{@code python.gil.wait}, {@code python.gil.hold} (timers: function timers with a max gauge by default, see below), {@code python.gil.timeouts} (counter), tagged {@code origin} ({@code java}, {@code callback},
 *       {@code python-thread}) and {@code method} (the scope's label, bounded; {@code none} without one);</li>
 *   <li>{@code python.gil.waiting}, {@code python.gil.holding} (gauges: threads waiting for / holding the GIL now),
 *       {@code python.gil.hold.age} (gauge: how long the current Java holder has held it); all three read from
 *       the engine when scraped;</li>
 *   <li>{@code python.objects.live} (gauge: PyObjects Java holds);</li>
 *   <li>{@code python.threads}, {@code python.memory.blocks} (gauges) and {@code python.gc.collections} (function
 *       counter per {@code generation}), read through {@link PythonEngine#stats(Duration)} at most once a second,
 *       each read bounded by {@code statsTimeout}.</li>
 * </ul>
 *
 * The GIL timers carry no histogram settings of their own: {@code management.metrics.distribution.*} decides. Without
 * a histogram, percentiles or SLOs configured for them (the default), each is a {@code FunctionTimer} plus a gauge
 * {@code <name>.seconds.max}, kept per thread and added up when scraped, which costs a GIL scope a few plain writes;
 * with one, a real {@code Timer} (see {@link TimerRegistrar}). The meter filters given to the constructor decide which:
 * Spring Boot's auto-configuration passes the {@code MeterFilter} beans, as it applies them to the registry.
 * {@link #close()} stops listening.
 */
public class PythonMetrics implements MeterBinder, AutoCloseable {

    /** Generations reported by {@code python.gc.collections}: CPython has had three in every supported version. */
    private static final int GENERATIONS = 3;

    private final PythonEngine engine;
    private final PythonStatsCache stats;
    private final int maxMethodTags;
    private final List<MeterFilter> filters;
    private final List<GilMeters> bound = new CopyOnWriteArrayList<>();

    /**
     * @param engine        the engine to observe (started or not)
     * @param statsTimeout  how long one read of the interpreter's counters may wait for the GIL
     * @param maxMethodTags how many distinct labels get their own {@code method} tag before the rest share "other"
     */
    public PythonMetrics(PythonEngine engine, Duration statsTimeout, int maxMethodTags) {
        this(engine, statsTimeout, maxMethodTags, List.of());
    }

    /**
     * @param engine        the engine to observe (started or not)
     * @param statsTimeout  how long one read of the interpreter's counters may wait for the GIL
     * @param maxMethodTags how many distinct labels get their own {@code method} tag before the rest share "other"
     * @param filters       the meter filters of the registries this is bound to, in the order they apply them: where
     *                      they configure a histogram, percentiles or SLOs for {@code python.gil.wait} or
     *                      {@code python.gil.hold}, that timer is a real {@code Timer}
     */
    public PythonMetrics(PythonEngine engine, Duration statsTimeout, int maxMethodTags, List<MeterFilter> filters) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.stats = new PythonStatsCache(engine, statsTimeout, Duration.ofSeconds(1));
        this.maxMethodTags = maxMethodTags;
        this.filters = List.copyOf(filters);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        GilMeters gil = new GilMeters(registry, new TimerRegistrar(registry, filters), new MethodTags(maxMethodTags));
        // Read from the engine when scraped (no listener work per scope):
        Gauge.builder("python.gil.waiting", engine, PythonEngine::gilWaitingThreads)
                .description("Java threads waiting for the GIL now").strongReference(true).register(registry);
        Gauge.builder("python.gil.holding", engine, PythonEngine::gilHoldingThreads)
                .description("Java threads holding the GIL now").strongReference(true).register(registry);
        Gauge.builder("python.gil.hold.age", engine, e -> e.gilHoldAge().toNanos() / 1e9)
                .description("How long the Java scope holding the GIL now has held it (0: none); a stuck hold shows"
                        + " while it lasts").baseUnit("seconds").strongReference(true).register(registry);
        Gauge.builder("python.objects.live", engine, PythonEngine::liveObjects)
                .description("Python objects Java holds references to").strongReference(true).register(registry);
        Gauge.builder("python.threads", this, statsValue(PythonStats::pythonThreads))
                .description("Python threads alive (threading.active_count())").strongReference(true).register(registry);
        Gauge.builder("python.memory.blocks", this, statsValue(PythonStats::allocatedBlocks))
                .description("Memory blocks the interpreter has allocated (sys.getallocatedblocks())")
                .strongReference(true).register(registry);
        for (int generation = 0; generation < GENERATIONS; generation++) {
            int index = generation;
            FunctionCounter.builder("python.gc.collections", this, statsValue(s -> index < s.gcCollections().size()
                            ? s.gcCollections().get(index) : Double.NaN))
                    .description("Garbage collections of the generation so far")
                    .tag("generation", Integer.toString(generation)).register(registry);
        }
        for (int i = 0; i < engine.configuredInterpreters(); i++) {
            bindInterpreter(registry, i);
        }
        engine.addGilListener(gil);
        bound.add(gil);
    }

    /** Sub-interpreter {@code index} of the configured pool: its work, errors, run time and queue. */
    private void bindInterpreter(MeterRegistry registry, int index) {
        String tag = Integer.toString(index);
        ToLongFunction<PythonMetrics> calls = metrics -> (long) interpreterValue(index, s -> s.completed() + s.failed());
        ToDoubleFunction<PythonMetrics> runNanos = metrics -> interpreterValue(index, s -> s.runTime().toNanos());
        io.micrometer.core.instrument.FunctionTimer.builder("python.interpreter.calls", this, calls, runNanos,
                        java.util.concurrent.TimeUnit.NANOSECONDS)
                .description("Work run on a sub-interpreter, and the time it ran").tag("interpreter", tag).register(registry);
        ToDoubleFunction<PythonMetrics> errors = metrics -> interpreterValue(index, InterpreterStats::failed);
        FunctionCounter.builder("python.interpreter.errors", this, errors)
                .description("Work on a sub-interpreter that threw").tag("interpreter", tag).register(registry);
        ToDoubleFunction<PythonMetrics> queued = metrics -> interpreterValue(index, InterpreterStats::queued);
        Gauge.builder("python.interpreter.queued", this, queued)
                .description("Work waiting for a sub-interpreter now").tag("interpreter", tag).strongReference(true)
                .register(registry);
    }

    private double interpreterValue(int index, ToDoubleFunction<InterpreterStats> value) {
        return engine.interpretersIfStarted().map(pool -> pool.stats())
                .filter(all -> index < all.size()).map(all -> value.applyAsDouble(all.get(index))).orElse(0.0);
    }

    private ToDoubleFunction<PythonMetrics> statsValue(ToDoubleFunction<PythonStats> value) {
        return metrics -> {
            PythonStats current = metrics.stats.get();
            return current == null ? Double.NaN : value.applyAsDouble(current);
        };
    }

    /** Stops recording GIL events (the meters stay registered). */
    @Override
    public void close() {
        for (GilMeters gil : bound) {
            engine.removeGilListener(gil);
        }
        bound.clear();
    }
}
