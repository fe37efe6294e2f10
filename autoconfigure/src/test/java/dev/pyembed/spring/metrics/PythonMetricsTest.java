package dev.pyembed.spring.metrics;

import dev.pyembed.Gil;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.TestEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.pyembed.spring.observability.TestEngine.eventually;
import static dev.pyembed.spring.observability.TestEngine.onThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters after known workloads, against a real CPython. */
class PythonMetricsTest {

    private static PythonEngine engine;
    private SimpleMeterRegistry registry;
    private PythonMetrics metrics;

    @BeforeAll
    static void startEngine() {
        engine = TestEngine.start();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @BeforeEach
    void bind() {
        registry = new SimpleMeterRegistry();
        metrics = new PythonMetrics(engine, Duration.ofMillis(100), 100);
        metrics.bindTo(registry);
    }

    @AfterEach
    void unbind() {
        metrics.close();
    }

    @Test
    void aFirstReadThatTimedOutIsRetriedAtTheNextScrapeNotReportedAsNaNForMaxAge() throws Exception {
        PythonStatsCache cache = new PythonStatsCache(engine, Duration.ofMillis(50), Duration.ofHours(1));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = onThread("holder", () -> {
            try (Gil gil = engine.acquireGil(null, "Test.busyAtStart")) {
                holding.countDown();
                await(release);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cache.get()).as("the GIL is busy: nothing could be read yet").isNull();
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(cache.get()).as("read at the next scrape, not an hour (maxAge) later").isNotNull()
                .satisfies(stats -> assertThat(stats.pythonThreads()).isPositive());
    }

    @Test
    void aThreadHoldingTheGil200msWhileAnotherWaitsShowsInTheTimersAndGauges() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch observed = new CountDownLatch(1);
        long[] heldAfterWaiterArrived = new long[1];
        CompletableFuture<Void> holder = onThread("holder", () -> {
            try (Gil gil = engine.acquireGil(null, "Test.hold")) {
                holding.countDown();
                await(observed);
                assertThat(eventually(() -> gauge("python.gil.waiting") >= 1 && engine.gilStatus().waiters().stream()
                        .anyMatch(w -> "Test.waiter".equals(w.label())))).as("the waiter waits: %s", engine.gilStatus()).isTrue();
                long from = System.nanoTime();
                while (System.nanoTime() - from < TimeUnit.MILLISECONDS.toNanos(200)) { // the workload: keep the GIL 200 ms
                    LockSupport.parkNanos(1_000_000);
                }
                heldAfterWaiterArrived[0] = System.nanoTime() - from;
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gauge("python.gil.holding")).isEqualTo(1);
        double ageBefore = gauge("python.gil.hold.age");
        assertThat(eventually(() -> gauge("python.gil.hold.age") > ageBefore)).as("the hold in progress ages").isTrue();
        CompletableFuture<Object> waiter = onThread("waiter", () -> engine.withGil(null, "Test.waiter", gil -> gil.eval("1")));
        observed.countDown();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        holder.get(10, TimeUnit.SECONDS);

        FunctionTimer waits = registry.get("python.gil.wait").tags("origin", "java", "method", "Test.waiter").functionTimer();
        assertThat(waits.count()).isEqualTo(1);
        assertThat(maxSeconds("python.gil.wait", "Test.waiter") * 1e9).isGreaterThanOrEqualTo(heldAfterWaiterArrived[0]);
        assertThat(waits.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(heldAfterWaiterArrived[0]);
        FunctionTimer holds = registry.get("python.gil.hold").tags("origin", "java", "method", "Test.hold").functionTimer();
        assertThat(holds.count()).isEqualTo(1);
        assertThat(maxSeconds("python.gil.hold", "Test.hold")).isGreaterThanOrEqualTo(0.2);
        assertThat(eventually(() -> gauge("python.gil.waiting") == 0 && gauge("python.gil.holding") == 0))
                .as("the gauges return to 0").isTrue();
        assertThat(gauge("python.gil.hold.age")).isZero();
    }

    @Test
    void timeInsideAllowThreadsIsNotHoldTime() {
        try (Gil gil = engine.acquireGil(null, "Test.allow")) {
            gil.allowThreads(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150)));
        }
        FunctionTimer holds = registry.get("python.gil.hold").tags("method", "Test.allow").functionTimer();
        assertThat(holds.count()).as("one hold before allowThreads, one after").isEqualTo(2);
        assertThat(holds.totalTime(TimeUnit.MILLISECONDS)).isLessThan(150);
        assertThat(gauge("python.gil.holding")).isZero();
    }

    @Test
    void aTimedAcquireThatGivesUpIsCounted() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Void> holder = onThread("holder", () -> engine.runWithGil(gil -> {
            holding.countDown();
            await(letGo);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> engine.acquireGil(Duration.ofMillis(50), "Test.timeout")).isInstanceOf(GilTimeoutException.class);
        letGo.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(registry.get("python.gil.timeouts").tags("origin", "java", "method", "Test.timeout").counter().count()).isEqualTo(1);
        assertThat(registry.get("python.gil.wait").tags("method", "none").functionTimer().count()).isPositive();
    }

    @Test
    void labelsBeyondTheLimitShareTheTagOther() {
        SimpleMeterRegistry small = new SimpleMeterRegistry();
        try (PythonMetrics capped = new PythonMetrics(engine, Duration.ofMillis(100), 2)) {
            capped.bindTo(small);
            for (String label : new String[] {"A.one", "A.two", "A.three", "A.four", "A.one"}) {
                engine.withGil(null, label, gil -> gil.eval("1"));
            }
        }
        assertThat(small.find("python.gil.hold").functionTimers()).extracting(t -> t.getId().getTag("method"))
                .containsExactlyInAnyOrder("A.one", "A.two", "other");
        assertThat(small.get("python.gil.hold").tags("method", "other").functionTimer().count()).isEqualTo(2);
        assertThat(small.get("python.gil.hold").tags("method", "A.one").functionTimer().count()).isEqualTo(2);
    }

    @Test
    void aPythonThreadTakingTheGilBackAfterACallbackCountsAsAWaitAndLeavesNoHoldBehind() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        engine.register("metrics_callback", args -> {
            called.countDown();
            return null;
        }); // releases the GIL while it runs: taking it back is a wait of origin python-thread
        engine.runWithGil(gil -> gil.exec("""
                import threading, pyembed
                callback_thread = threading.Thread(target=pyembed.metrics_callback, name='calls-java')
                callback_thread.start()
                """));
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        engine.runWithGil(gil -> gil.exec("callback_thread.join()"));
        assertThat(eventually(() -> registry.find("python.gil.wait").tags("origin", "python-thread").functionTimer() != null)).isTrue();
        assertThat(registry.get("python.gil.wait").tags("origin", "python-thread").functionTimer().count()).isEqualTo(1);
        assertThat(registry.find("python.gil.hold").tags("origin", "python-thread").meters()).isEmpty();
        assertThat(gauge("python.gil.holding")).isZero();
        assertThat(gauge("python.gil.waiting")).isZero();
    }

    @Test
    void liveObjectsThreadsAndCollectionsComeFromTheEngine() {
        double before = gauge("python.objects.live");
        PyObject list = engine.withGil(gil -> gil.evalObject("[1, 2, 3]"));
        assertThat(gauge("python.objects.live")).isEqualTo(before + 1);
        engine.runWithGil(gil -> list.close());
        assertThat(gauge("python.objects.live")).isEqualTo(before);

        assertThat(gauge("python.threads")).isGreaterThanOrEqualTo(1);
        assertThat(gauge("python.memory.blocks")).isPositive();
        double collections = collections();
        engine.runWithGil(gil -> gil.exec("import gc; gc.collect()"));
        assertThat(eventually(() -> collections() > collections)).as("re-read within a second").isTrue();
    }

    @Test
    void aScrapeWhileAJavaThreadKeepsTheGilReturnsTheLastValuesInsteadOfWaiting() throws Exception {
        double threads = gauge("python.threads"); // read once while the GIL is free
        assertThat(threads).isGreaterThanOrEqualTo(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Void> holder = onThread("holder", () -> engine.runWithGil(gil -> {
            holding.countDown();
            await(letGo); // Java code in the scope: the GIL is not handed over
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(eventually(() -> {
                long begin = System.nanoTime();
                double value = gauge("python.threads");
                long took = System.nanoTime() - begin;
                assertThat(took).as("a scrape is bounded by the stats timeout").isLessThan(TimeUnit.SECONDS.toNanos(5));
                assertThat(value).isEqualTo(threads);
                return took >= TimeUnit.MILLISECONDS.toNanos(100); // once the cached value aged, a read was tried and gave up
            })).isTrue();
        } finally {
            letGo.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    /** The max gauge beside a GIL function timer (Prometheus {@code <name>_seconds_max}, as a Timer's max). */
    private double maxSeconds(String name, String method) {
        return registry.get(name + ".seconds.max").tags("origin", "java", "method", method).gauge().value();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double collections() {
        return registry.get("python.gc.collections").functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static String describe(Meter meter) {
        return meter.getId().toString();
    }
}
