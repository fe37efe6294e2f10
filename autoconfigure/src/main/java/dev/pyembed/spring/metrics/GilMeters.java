package dev.pyembed.spring.metrics;

import dev.pyembed.GilListener;
import dev.pyembed.GilScopeInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The GIL events of one engine, recorded in one registry. Runs on the scope's own thread while that thread holds the
 * GIL ({@code acquired}/{@code released}; {@code waitStarted} is not listened to): a thread-local look-up and a few
 * plain writes per event into the thread's own cells of {@link PerThreadTimer}s ({@link TimerRegistrar}), no map updates,
 * no clock reads (the engine passes its own), no atomic read-modify-write and no allocation. Where the user turned on
 * histograms, percentiles or SLOs for a timer, a real {@code Timer} records instead. The gauges of threads waiting
 * and holding, and the age of a hold in progress, are read from the engine when scraped (a long task timer started
 * and stopped per scope cost ~100 ns, bench/README.md).
 *
 * <p>Scopes of {@link GilScopeInfo#PYTHON_THREAD python-thread} origin (a thread Python created, calling a Java
 * callback that releases the GIL) count in {@code python.gil.wait} only: the engine reports when such a thread takes
 * the GIL back, but not when its Python code gives it up again.
 */
final class GilMeters implements GilListener {

    static final String WAIT = "python.gil.wait";
    static final String HOLD = "python.gil.hold";
    static final String TIMEOUTS = "python.gil.timeouts";

    private final MeterRegistry registry;
    private final TimerRegistrar timers;
    private final MethodTags methods;
    private final ConcurrentMap<ScopeKey, ScopeMeters> meters = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadGil> current = ThreadLocal.withInitial(ThreadGil::new);

    GilMeters(MeterRegistry registry, TimerRegistrar timers, MethodTags methods) {
        this.registry = registry;
        this.timers = timers;
        this.methods = methods;
    }

    @Override
    public void acquired(GilScopeInfo scope, long waitNanos, long atNanos) {
        ThreadGil thread = current.get();
        thread.select(scope);
        thread.waits.record(waitNanos, atNanos);
    }

    @Override
    public void released(GilScopeInfo scope, long holdNanos, long atNanos) {
        ThreadGil thread = current.get();
        thread.select(scope);
        if (thread.holds != null) { // null for python-thread scopes
            thread.holds.record(holdNanos, atNanos);
        }
    }

    @Override
    public void timedOut(GilScopeInfo scope, long waitNanos) {
        meters(scope).timeouts.increment();
    }

    private ScopeMeters meters(GilScopeInfo scope) {
        ScopeKey key = new ScopeKey(scope.origin() == null ? GilScopeInfo.JAVA : scope.origin(), methods.tag(scope.label()));
        ScopeMeters found = meters.get(key);
        return found != null ? found : meters.computeIfAbsent(key, this::register);
    }

    /**
     * One thread's recorders, touched by that thread only. It remembers those of the last scope info: the engine
     * reuses a thread's info while the scope stays the same, so the look-up by tags happens once per change, not once
     * per scope; the thread's recorders of other scopes wait in a map.
     */
    private final class ThreadGil {
        private GilScopeInfo lastScope;
        /** The recorders of {@link #lastScope}; {@code holds} is null for python-thread scopes. */
        TimerRegistrar.Recorder waits;
        TimerRegistrar.Recorder holds;
        private final Map<ScopeMeters, TimerRegistrar.Recorder[]> recorders = new IdentityHashMap<>();

        /** Points {@link #waits} and {@link #holds} at this thread's recorders of {@code scope}'s meters. */
        void select(GilScopeInfo scope) {
            if (scope != lastScope) {
                ScopeMeters meters = GilMeters.this.meters(scope);
                TimerRegistrar.Recorder[] mine = recorders.computeIfAbsent(meters, m -> new TimerRegistrar.Recorder[] {
                        m.waits.recorder(), m.holds == null ? null : m.holds.recorder()});
                waits = mine[0];
                holds = mine[1];
                lastScope = scope;
            }
        }
    }

    private ScopeMeters register(ScopeKey key) {
        Tags tags = Tags.of("origin", key.origin(), "method", key.method());
        boolean holds = !GilScopeInfo.PYTHON_THREAD.equals(key.origin()); // see the class comment
        return new ScopeMeters(
                timers.register(WAIT, "Time from asking for the GIL to holding it", tags),
                holds ? timers.register(HOLD, "Time the GIL was held per scope (not counting allowThreads)", tags) : null,
                Counter.builder(TIMEOUTS).description("Timed GIL acquisitions that gave up").tags(tags).register(registry));
    }

    private record ScopeKey(String origin, String method) {
    }

    /** {@code holds} is null for python-thread scopes. */
    private record ScopeMeters(TimerRegistrar.RegisteredTimer waits, TimerRegistrar.RegisteredTimer holds, Counter timeouts) {
    }
}
