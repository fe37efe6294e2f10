package dev.pyembed.spring.metrics;

import dev.pyembed.Gil;
import dev.pyembed.GilListener;
import dev.pyembed.GilScopeInfo;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.TestEngine;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GIL meters say exactly what the engine reported: a known sequence of real GIL scopes (from many threads at
 * once, with nested scopes inside {@code allowThreads}, and a thread Python created taking the GIL back after a Java
 * callback) is recorded by a listener registered beside the meters, and every meter's count, sum and maximum must
 * equal what that listener saw, both while the threads live and after they died (their per-thread cells folded in).
 */
class GilMetersTest {

    private static final String PREFIX = "GilMetersTest.";
    private static final int THREADS = 6;
    private static final int SCOPES = 40;

    /** A window long enough that no value ages out of a maximum while the test runs (and proof expiry is read). */
    private static final MeterFilter LONG_WINDOW = new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            return DistributionStatisticConfig.builder().expiry(Duration.ofHours(1)).build().merge(config);
        }
    };

    /** An SLO (a histogram bucket at 1 ms), as {@code management.metrics.distribution.slo.python.gil=1ms} gives. */
    private static final MeterFilter HISTOGRAMS = new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            return id.getName().startsWith("python.gil.") ? DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(TimeUnit.MILLISECONDS.toNanos(1)).build().merge(config) : config;
        }
    };

    private static PythonEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = TestEngine.start();
        engine.register("gil_meters_callback", args -> null); // releases the GIL while it runs (the default)
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void countsSumsAndMaximaOfThePerThreadTimersEqualWhatTheListenerSaw() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Recording recording = new Recording();
        try (PythonMetrics metrics = new PythonMetrics(engine, Duration.ofMillis(100), 100, List.of(LONG_WINDOW))) {
            engine.addGilListener(recording);
            metrics.bindTo(registry);
            try {
                CountDownLatch die = new CountDownLatch(1);
                List<Thread> threads = workload(die);
                assertMetersEqual(registry, recording, false); // the threads live: their cells are read
                die.countDown();
                for (Thread thread : threads) {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                    assertThat(thread.isAlive()).isFalse();
                }
                assertMetersEqual(registry, recording, false); // they died: their cells were folded in
            } finally {
                engine.removeGilListener(recording);
            }
        }
        assertThat(registry.find(GilMeters.WAIT).timer()).as("no histogram asked for: no Timer").isNull();
    }

    @Test
    void withHistogramsOnTheTimersAreRealTimersAndSayTheSame() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(LONG_WINDOW).meterFilter(HISTOGRAMS); // as Spring Boot applies the filter beans
        Recording recording = new Recording();
        try (PythonMetrics metrics = new PythonMetrics(engine, Duration.ofMillis(100), 100, List.of(LONG_WINDOW, HISTOGRAMS))) {
            engine.addGilListener(recording);
            metrics.bindTo(registry);
            try {
                CountDownLatch die = new CountDownLatch(1);
                List<Thread> threads = workload(die);
                die.countDown();
                for (Thread thread : threads) {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                }
                assertMetersEqual(registry, recording, true);
            } finally {
                engine.removeGilListener(recording);
            }
        }
        Timer waits = registry.get(GilMeters.WAIT).tags("origin", "java", "method", PREFIX + "a").timer();
        assertThat(waits.takeSnapshot().histogramCounts()).as("the SLO bucket the filter asked for").isNotEmpty();
        assertThat(registry.find(GilMeters.WAIT + TimerRegistrar.MAX_SUFFIX).gauge()).as("a Timer has its own max").isNull();
    }

    @Test
    void theMaximumForgetsValuesOlderThanItsWindow() {
        PerThreadTimer timer = new PerThreadTimer(Duration.ofMinutes(1), 3);
        TimerRegistrar.Recorder cell = timer.newCell();
        long now = System.nanoTime();
        cell.record(7_000, now - TimeUnit.MINUTES.toNanos(3)); // three windows ago
        assertThat(timer.maxNanos()).isZero();
        cell.record(5_000, now);
        cell.record(3_000, now);
        assertThat(timer.maxNanos()).isEqualTo(5_000);
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalNanos()).isEqualTo(15_000);
    }

    @Test
    void theSharedCellOfVirtualThreadsAddsUpWithTheThreadsOwnCells() throws Exception {
        PerThreadTimer timer = new PerThreadTimer(Duration.ofHours(1), 3);
        int threads = 4;
        int records = 2_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long now = System.nanoTime();
                for (int i = 1; i <= records; i++) {
                    timer.shared().record(i + index, now); // all at once, into the one shared cell
                }
            });
            writer.start();
            writers.add(writer);
        }
        timer.newCell().record(10_000, System.nanoTime()); // a platform thread's own cell, beside the shared one
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        long expectedTotal = 10_000;
        for (int t = 0; t < threads; t++) {
            expectedTotal += (long) records * (records + 1) / 2 + (long) records * t;
        }
        assertThat(timer.count()).isEqualTo((long) threads * records + 1);
        assertThat(timer.totalNanos()).isEqualTo((double) expectedTotal);
        assertThat(timer.maxNanos()).isEqualTo(10_000);
        for (Thread writer : writers) {
            assertThat(writer.isAlive()).isFalse();
        }
        PerThreadTimer sharedOnly = new PerThreadTimer(Duration.ofHours(1), 3);
        sharedOnly.shared().record(7, System.nanoTime());
        sharedOnly.shared().record(9, System.nanoTime());
        sharedOnly.shared().record(8, System.nanoTime());
        assertThat(sharedOnly.maxNanos()).as("the shared cell's own maximum").isEqualTo(9);
    }

    /**
     * {@link #THREADS} threads start together and run {@link #SCOPES} scopes each, alternating two labels; every
     * fifth scope gives the GIL back in {@code allowThreads} and takes it again there in a nested scope; one Python
     * thread calls a Java callback that releases the GIL three times. The threads then wait for {@code die}.
     */
    private static List<Thread> workload(CountDownLatch die) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        CountDownLatch done = new CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < SCOPES; i++) {
                        String label = PREFIX + ((i + index) % 2 == 0 ? "a" : "b");
                        int n = i;
                        try (Gil gil = engine.acquireGil(null, label)) {
                            gil.eval("sum(range(50))");
                            if (n % 5 == 0) {
                                gil.allowThreads(() -> {
                                    try (Gil again = engine.acquireGil()) {
                                        again.eval(Integer.toString(n));
                                    }
                                });
                            }
                        }
                    }
                    done.countDown();
                    die.await(30, TimeUnit.SECONDS);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    done.countDown();
                }
            }, "gil-meters-" + t);
            thread.start();
            threads.add(thread);
        }
        engine.runWithGil(gil -> gil.exec("""
                import threading, pyembed
                def call_three_times():
                    for _ in range(3):
                        pyembed.gil_meters_callback()
                gil_meters_thread = threading.Thread(target=call_three_times, name='gil-meters-python')
                gil_meters_thread.start()
                """));
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        engine.runWithGil(gil -> gil.exec("gil_meters_thread.join()"));
        assertThat(failures).isEmpty();
        return threads;
    }

    private static void assertMetersEqual(SimpleMeterRegistry registry, Recording recording, boolean timers) {
        assertThat(recording.waits.keySet()).as("what the workload ran")
                .contains("java/" + PREFIX + "a", "java/" + PREFIX + "b", "python-thread/none");
        assertThat(recording.waits.get("python-thread/none").count).isEqualTo(3);
        long javaScopes = recording.waits.get("java/" + PREFIX + "a").count + recording.waits.get("java/" + PREFIX + "b").count;
        assertThat(javaScopes).as("one wait per scope; three per fifth scope: its own, the nested scope's inside"
                + " allowThreads, and taking the GIL back after allowThreads").isEqualTo(THREADS * SCOPES + 2L * THREADS * (SCOPES / 5));
        recording.waits.forEach((key, expected) -> assertTimer(registry, GilMeters.WAIT, key, expected, timers));
        recording.holds.forEach((key, expected) -> assertTimer(registry, GilMeters.HOLD, key, expected, timers));
        assertThat(recording.holds.get("java/" + PREFIX + "a").count + recording.holds.get("java/" + PREFIX + "b").count)
                .as("one hold per scope; three per fifth scope: before allowThreads, in the nested scope, after")
                .isEqualTo(THREADS * SCOPES + 2L * THREADS * (SCOPES / 5));
        assertThat(registry.find(GilMeters.HOLD).tags("origin", "python-thread").meters()).isEmpty();
    }

    private static void assertTimer(SimpleMeterRegistry registry, String name, String key, Stats expected, boolean timers) {
        String origin = key.substring(0, key.indexOf('/'));
        String method = key.substring(key.indexOf('/') + 1);
        String what = name + "{origin=" + origin + ", method=" + method + "}";
        double count;
        double total;
        double max;
        if (timers) {
            Timer timer = registry.get(name).tags("origin", origin, "method", method).timer();
            count = timer.count();
            total = timer.totalTime(TimeUnit.NANOSECONDS);
            max = timer.max(TimeUnit.NANOSECONDS);
        } else {
            FunctionTimer timer = registry.get(name).tags("origin", origin, "method", method).functionTimer();
            count = timer.count();
            total = timer.totalTime(TimeUnit.NANOSECONDS);
            max = registry.get(name + TimerRegistrar.MAX_SUFFIX).tags("origin", origin, "method", method).gauge().value() * 1e9;
        }
        assertThat(count).as("count of %s", what).isEqualTo(expected.count);
        // To the nanosecond: the registry converts through its base unit (seconds), in doubles.
        assertThat(total).as("sum of %s", what).isCloseTo((double) expected.sum, Offset.offset(0.5));
        assertThat(max).as("max of %s", what).isCloseTo((double) expected.max, Offset.offset(0.5));
    }

    /** What the engine reported for the workload's scopes, by origin and method tag, as the meters should. */
    private static final class Recording implements GilListener {

        final Map<String, Stats> waits = new ConcurrentHashMap<>();
        final Map<String, Stats> holds = new ConcurrentHashMap<>();

        @Override
        public void acquired(GilScopeInfo scope, long waitNanos, long atNanos) {
            String key = key(scope);
            if (key != null) {
                waits.computeIfAbsent(key, k -> new Stats()).add(waitNanos);
            }
        }

        @Override
        public void released(GilScopeInfo scope, long holdNanos, long atNanos) {
            String key = key(scope);
            if (key != null && !GilScopeInfo.PYTHON_THREAD.equals(scope.origin())) {
                holds.computeIfAbsent(key, k -> new Stats()).add(holdNanos);
            }
        }

        /** The workload's scopes only (the engine's own, e.g. its snapshot thread's, are left out). */
        private static String key(GilScopeInfo scope) {
            if (GilScopeInfo.PYTHON_THREAD.equals(scope.origin())) {
                return "python-thread/none"; // only the workload's Python thread calls back in this class
            }
            return scope.label() != null && scope.label().startsWith(PREFIX) ? scope.origin() + "/" + scope.label() : null;
        }
    }

    private static final class Stats {
        long count;
        long sum;
        long max;

        synchronized void add(long nanos) {
            count++;
            sum += nanos;
            max = Math.max(max, nanos);
        }
    }
}
