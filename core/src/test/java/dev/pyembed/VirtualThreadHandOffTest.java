package dev.pyembed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Java 21+: virtual threads' GIL work runs on a bounded set of platform workers; virtual threads wait unmounted in a
 * queue; interrupting or cancelling one drops its queued work or stops its running Python code, never both.
 */
class VirtualThreadHandOffTest {

    private static final int WORKERS = 2;
    private static PythonEngine engine;
    private static ExecutorService virtual;
    private static volatile CountDownLatch started;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
        engine = TestEngines.builder().gilWorkers(WORKERS).start();
        engine.register("started", args -> {
            started.countDown();
            return null;
        }, false);
        virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    @AfterAll
    static void stop() {
        if (virtual != null) {
            virtual.shutdownNow();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aThousandWaitingVirtualThreadsUseAFewPlatformWorkersAndAHeartbeatStaysOnTime() throws Exception {
        engine.runWithGil(gil -> gil.exec("import itertools, time\nhandoff_calls = itertools.count()"));
        AtomicLong worstLateNanos = new AtomicLong();
        AtomicBoolean beating = new AtomicBoolean(true);
        Thread heartbeat = startVirtual(() -> {
            long period = TimeUnit.MILLISECONDS.toNanos(10);
            long next = System.nanoTime() + period;
            while (beating.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                long late = System.nanoTime() - next;
                worstLateNanos.accumulateAndGet(late, Math::max);
                next = System.nanoTime() + period;
            }
        });
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            results.add(virtual.submit(() -> engine.withGil(gil -> {
                gil.exec("next(handoff_calls)\nsum(range(20000))");
                return gil.eval(n + " + 1");
            })));
        }
        int mostWorkers = 0;
        for (int i = 0; i < 1000; i++) {
            mostWorkers = Math.max(mostWorkers, engine.handOffThreads());
            assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i + 1L);
        }
        beating.set(false);
        heartbeat.join();
        System.out.println("1000 virtual callers: at most " + mostWorkers + " hand-off workers seen, heartbeat worst late "
                + worstLateNanos.get() / 1_000_000 + " ms");
        assertThat(mostWorkers).as("bounded: virtual threads wait in the queue").isLessThanOrEqualTo(WORKERS);
        assertThat((Object) engine.withGil(gil -> gil.eval("next(handoff_calls)"))).isEqualTo(1000L);
    }

    @Test
    void anInterruptedVirtualThreadWhoseWorkIsQueuedDropsItAndItNeverRuns() throws Exception {
        engine.runWithGil(gil -> gil.exec("dropped_ran = False"));
        CountDownLatch holding = new CountDownLatch(WORKERS);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> blockers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            // Each worker waits in Java with the GIL released: none takes the queued work meanwhile... unless released
            // workers are replaced; so hold the GIL instead in one, and make the other wait for it.
            blockers.add(virtual.submit(() -> engine.withGil(gil -> {
                holding.countDown();
                await(release);
                return "done";
            })));
        }
        // Only one worker gets the GIL; the other waits for it: both are busy with work that does not give the GIL
        // back, so the next call waits in the queue.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (holding.getCount() > WORKERS - 1) {
            assertThat(System.nanoTime()).isLessThan(until);
            Thread.onSpinWait();
        }
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread queued = startVirtual(() -> {
            try {
                engine.runWithGil(gil -> gil.exec("dropped_ran = True"));
            } catch (Throwable e) {
                outcome.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        while (queued.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).isLessThan(until);
            Thread.onSpinWait();
        }
        queued.interrupt();
        queued.join(30_000);
        release.countDown();
        for (Future<Object> blocker : blockers) {
            assertThat(blocker.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        }
        assertThat(outcome.get()).isInstanceOf(PythonInterruptedException.class).hasMessageContaining("no Python code ran");
        assertThat(stillInterrupted).isTrue();
        // FIFO queue: a later call runs after the dropped one would have.
        assertThat((Object) engine.withGil(gil -> gil.eval("dropped_ran"))).as("never both failed and ran").isEqualTo(false);
    }

    @Test
    void interruptingAVirtualThreadReachesItsPythonCodeOnTheWorker() throws Exception {
        started = new CountDownLatch(1);
        engine.runWithGil(gil -> gil.exec("virtual_finally = False"));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = startVirtual(() -> {
            try {
                engine.runWithGil(gil -> gil.exec("""
                        import pyembed
                        try:
                            pyembed.started()
                            while True: pass
                        finally:
                            virtual_finally = True
                        """));
            } catch (Throwable e) {
                outcome.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(30_000);
        assertThat(outcome.get()).isInstanceOf(PythonInterruptedException.class);
        assertThat(stillInterrupted).isTrue();
        assertThat((Object) engine.withGil(gil -> gil.eval("virtual_finally"))).isEqualTo(true);
    }

    @Test
    void futureCancelOfAVirtualThreadTaskStopsItsPythonCode() throws Exception {
        started = new CountDownLatch(1);
        engine.runWithGil(gil -> gil.exec("cancel_finally = False"));
        Future<Object> task = virtual.submit(() -> engine.withGil(gil -> {
            gil.exec("import pyembed\ntry:\n    pyembed.started()\n    while True: pass\nfinally:\n    cancel_finally = True");
            return "finished";
        }));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        task.cancel(true);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Boolean.TRUE.equals(engine.withGil(gil -> gil.eval("cancel_finally")))) {
            assertThat(System.nanoTime()).as("the cancelled Python code stops").isLessThan(until);
            Thread.onSpinWait();
        }
    }

    @Test
    void aDeadlineStopsAVirtualThreadsPythonCode() throws Exception {
        Future<Object> call = virtual.submit(() -> engine.withGil(null, null, Duration.ofMillis(200), gil -> gil.eval("[0 for _ in iter(int, 1)]")));
        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(PythonTimeoutException.class);
    }

    /** {@code Thread.ofVirtual().start(task)}, reached by reflection: the tests compile for Java 17. */
    private static Thread startVirtual(Runnable task) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            java.lang.reflect.Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
            return (Thread) start.invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
