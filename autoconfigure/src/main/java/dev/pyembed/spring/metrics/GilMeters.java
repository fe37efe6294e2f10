package dev.pyembed.spring.metrics;

import dev.pyembed.GilListener;
import dev.pyembed.GilScopeInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The GIL events of one engine, recorded in one registry. Runs on the scope's own thread, and while that thread
 * holds the GIL for {@code acquired}/{@code released}: it does a map look-up and a few atomic updates, nothing more.
 *
 * <p>Threads waiting and holding are kept per thread (not as bare counters), so that an event that has no partner
 * (a listener added while a scope was open) cannot leave a gauge off by one for ever; entries of threads that died
 * are dropped when the gauges are read.
 *
 * <p>Scopes of {@link GilScopeInfo#PYTHON_THREAD python-thread} origin (a thread Python created, calling a Java
 * callback that releases the GIL) count in {@code python.gil.wait} and {@code python.gil.waiting} only: the engine
 * reports when such a thread takes the GIL back, but not when its Python code gives it up again.
 */
final class GilMeters implements GilListener {

    static final String WAIT = "python.gil.wait";
    static final String HOLD = "python.gil.hold";
    static final String HOLD_ACTIVE = "python.gil.hold.active";
    static final String TIMEOUTS = "python.gil.timeouts";

    private final MeterRegistry registry;
    private final MethodTags methods;
    private final ConcurrentMap<ScopeKey, ScopeMeters> meters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Thread, Boolean> waiting = new ConcurrentHashMap<>();
    private final ConcurrentMap<Thread, LongTaskTimer.Sample> holding = new ConcurrentHashMap<>();

    GilMeters(MeterRegistry registry, MethodTags methods) {
        this.registry = registry;
        this.methods = methods;
    }

    @Override
    public void waitStarted(GilScopeInfo scope) {
        waiting.put(scope.thread(), Boolean.TRUE);
    }

    @Override
    public void acquired(GilScopeInfo scope, long waitNanos) {
        waiting.remove(scope.thread());
        ScopeMeters scopeMeters = meters(scope);
        scopeMeters.waits.record(waitNanos, TimeUnit.NANOSECONDS);
        if (!GilScopeInfo.PYTHON_THREAD.equals(scope.origin())) {
            LongTaskTimer.Sample previous = holding.put(scope.thread(), scopeMeters.active.start());
            if (previous != null) {
                previous.stop(); // its release was never reported
            }
        }
    }

    @Override
    public void released(GilScopeInfo scope, long holdNanos) {
        if (GilScopeInfo.PYTHON_THREAD.equals(scope.origin())) {
            return;
        }
        LongTaskTimer.Sample active = holding.remove(scope.thread());
        if (active != null) {
            active.stop();
        }
        meters(scope).holds.record(holdNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void timedOut(GilScopeInfo scope, long waitNanos) {
        waiting.remove(scope.thread());
        meters(scope).timeouts.increment();
    }

    /** Threads waiting for the GIL now. */
    double waitingThreads() {
        return live(waiting);
    }

    /** Threads holding the GIL now (0 or 1, as far as Java scopes go). */
    double holdingThreads() {
        return live(holding);
    }

    private static double live(Map<Thread, ?> threads) {
        for (Iterator<? extends Map.Entry<Thread, ?>> it = threads.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Thread, ?> entry = it.next();
            if (!entry.getKey().isAlive()) {
                it.remove();
                if (entry.getValue() instanceof LongTaskTimer.Sample sample) {
                    sample.stop();
                }
            }
        }
        return threads.size();
    }

    private ScopeMeters meters(GilScopeInfo scope) {
        ScopeKey key = new ScopeKey(scope.origin() == null ? GilScopeInfo.JAVA : scope.origin(), methods.tag(scope.label()));
        ScopeMeters found = meters.get(key);
        return found != null ? found : meters.computeIfAbsent(key, this::register);
    }

    private ScopeMeters register(ScopeKey key) {
        Tags tags = Tags.of("origin", key.origin(), "method", key.method());
        boolean holds = !GilScopeInfo.PYTHON_THREAD.equals(key.origin()); // see the class comment
        return new ScopeMeters(
                Timer.builder(WAIT).description("Time from asking for the GIL to holding it").tags(tags).register(registry),
                holds ? Timer.builder(HOLD).description("Time the GIL was held per scope (not counting allowThreads)")
                        .tags(tags).register(registry) : null,
                holds ? LongTaskTimer.builder(HOLD_ACTIVE).description("GIL holds in progress").tags(tags).register(registry) : null,
                Counter.builder(TIMEOUTS).description("Timed GIL acquisitions that gave up").tags(tags).register(registry));
    }

    private record ScopeKey(String origin, String method) {
    }

    /** {@code holds} and {@code active} are null for python-thread scopes. */
    private record ScopeMeters(Timer waits, Timer holds, LongTaskTimer active, Counter timeouts) {
    }
}
