package dev.pyembed.spring.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Registers the timers pyembed records on every GIL scope or call ({@code python.gil.wait}, {@code python.gil.hold},
 * {@code python.calls}) the cheapest way that still gives users what they configured:
 *
 * <ul>
 *   <li>by default a {@link PerThreadTimer}: a {@link FunctionTimer} {@code <name>} (count and total: Prometheus
 *       {@code <name>_seconds_count}, {@code _sum}) and a gauge {@code <name>.seconds.max}, the maximum of a rolling
 *       window (Prometheus {@code <name>_seconds_max}, the very series a {@link Timer} would give, so dashboards and
 *       alerts work the same whichever kind is registered). Recording costs a few plain writes on the recording
 *       thread (a {@code Timer.record}, with its adders and its max's own clock reads, cost more than the GIL scope
 *       it measured: issue #23);</li>
 *   <li>a real {@link Timer} when the meter filters give the timer a histogram, percentiles or SLOs (Spring Boot's
 *       {@code management.metrics.distribution.percentiles-histogram|percentiles|slo.<name>} properties are such a
 *       filter): those need a {@code Timer.record} per value.</li>
 * </ul>
 *
 * Which one is decided the way the registry would configure the timer: every filter's {@code map}, then every
 * filter's {@code configure}, in order, starting from an empty configuration. The filters' {@code expiry} and
 * {@code bufferLength} set the window of the maximum (default 1 minute in 3 slots, a Prometheus registry's default).
 * Only the filters given here count: those added to a registry by other means than Spring beans are not seen (a
 * histogram they ask for then stays off: give the filter as a bean).
 */
final class TimerRegistrar {

    /** Records one value on the calling thread: {@code atNanos} is the clock reading the value ended at. */
    interface Recorder {
        void record(long nanos, long atNanos);
    }

    /** A timer as the recording threads see it: each platform thread asks once for its recorder, and keeps it. */
    interface RegisteredTimer {
        /** A recorder for the calling (platform) thread only. */
        Recorder recorder();

        /** A recorder any thread may use at once: for virtual threads, which are too many to get one each. */
        Recorder sharedRecorder();
    }

    static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(1);
    static final int DEFAULT_BUFFER_LENGTH = 3;
    /** The suffix of the max gauge's name: {@code python.gil.wait} + this, Prometheus {@code python_gil_wait_seconds_max}. */
    static final String MAX_SUFFIX = ".seconds.max";

    private final MeterRegistry registry;
    private final List<MeterFilter> filters;

    /**
     * @param registry where the meters go
     * @param filters  the registry's meter filters, in the order it applies them (Spring Boot: the {@code MeterFilter}
     *                 beans, ordered)
     */
    TimerRegistrar(MeterRegistry registry, List<MeterFilter> filters) {
        this.registry = registry;
        this.filters = List.copyOf(filters);
    }

    RegisteredTimer register(String name, String description, Tags tags) {
        DistributionStatisticConfig config = configured(name, description, tags);
        if (config.isPublishingHistogram() || config.isPublishingPercentiles()) {
            Timer timer = Timer.builder(name).description(description).tags(tags).register(registry);
            Recorder shared = (nanos, atNanos) -> timer.record(nanos, TimeUnit.NANOSECONDS);
            return new RegisteredTimer() {
                @Override
                public Recorder recorder() {
                    return shared;
                }

                @Override
                public Recorder sharedRecorder() {
                    return shared;
                }
            };
        }
        Duration expiry = config.getExpiry() == null ? DEFAULT_EXPIRY : config.getExpiry();
        int bufferLength = config.getBufferLength() == null ? DEFAULT_BUFFER_LENGTH : config.getBufferLength();
        PerThreadTimer timer = new PerThreadTimer(expiry, bufferLength);
        // A FunctionTimer holds its object weakly: the strongly held max gauge, and the GilMeters' ScopeMeters, keep it.
        FunctionTimer.builder(name, timer, PerThreadTimer::count, PerThreadTimer::totalNanos, TimeUnit.NANOSECONDS)
                .description(description).tags(tags).register(registry);
        Gauge.builder(name + MAX_SUFFIX, timer, t -> t.maxNanos() / 1e9)
                .description(description + ": the longest in the last " + expiry.toSeconds() + " s, in seconds")
                .tags(tags).strongReference(true).register(registry);
        return new RegisteredTimer() {
            @Override
            public Recorder recorder() {
                return timer.newCell();
            }

            @Override
            public Recorder sharedRecorder() {
                return timer.shared();
            }
        };
    }

    /** The distribution configuration the registry would give a timer of this name and tags. */
    DistributionStatisticConfig configured(String name, String description, Tags tags) {
        Meter.Id id = new Meter.Id(name, tags, null, description, Meter.Type.TIMER);
        for (MeterFilter filter : filters) {
            id = filter.map(id);
        }
        DistributionStatisticConfig config = DistributionStatisticConfig.builder().build();
        for (MeterFilter filter : filters) {
            DistributionStatisticConfig next = filter.configure(id, config);
            if (next != null) {
                config = next;
            }
        }
        return config;
    }
}
