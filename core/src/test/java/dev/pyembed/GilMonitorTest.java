package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GilMonitorTest extends SharedEngineTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @Test
    void theWaitIsReportedAtLeastAsLongAsTheHolderHeldTheGilAfterTheWaiterArrived() throws Exception {
        Recorder recorder = new Recorder("waiter");
        engine.addGilListener(recorder);
        try {
            CountDownLatch holding = new CountDownLatch(1);
            long[] heldAfterWaiterArrived = new long[1];
            Future<?> holder = threads.submit(() -> engine.runWithGil(gil -> {
                holding.countDown();
                await(recorder.waiterArrived);
                long from = System.nanoTime();
                while (System.nanoTime() - from < TimeUnit.MILLISECONDS.toNanos(200)) { // the workload: hold the GIL 200 ms
                    LockSupport.parkNanos(1_000_000);
                }
                heldAfterWaiterArrived[0] = System.nanoTime() - from;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Thread waiter = new Thread(() -> engine.runWithGil(gil -> gil.eval("1")), "waiter");
            waiter.start();
            waiter.join(10_000);
            holder.get(10, TimeUnit.SECONDS);
            assertThat(recorder.waits).hasSize(1);
            assertThat(recorder.waits.get(0)).isGreaterThanOrEqualTo(heldAfterWaiterArrived[0]);
            assertThat(recorder.holds).hasSize(1);
        } finally {
            engine.removeGilListener(recorder);
        }
    }

    @Test
    void timeInsideAllowThreadsIsNotHoldTime() {
        Recorder recorder = new Recorder(Thread.currentThread().getName());
        engine.addGilListener(recorder);
        try (Gil gil = engine.acquireGil(null, "Test.allow")) {
            gil.allowThreads(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150)));
        } finally {
            engine.removeGilListener(recorder);
        }
        assertThat(recorder.holds).as("a hold before and one after allowThreads").hasSize(2);
        assertThat(recorder.holds).allSatisfy(hold -> assertThat(hold).isLessThan(TimeUnit.MILLISECONDS.toNanos(150)));
        assertThat(recorder.labels).containsOnly("Test.allow");
    }

    @Test
    void aListenerThatThrowsDoesNotBreakScopes() {
        GilListener broken = new GilListener() {
            @Override
            public void waitStarted(GilScopeInfo scope) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void released(GilScopeInfo scope, long holdNanos, long atNanos) {
                throw new IllegalStateException("listener bug");
            }
        };
        engine.addGilListener(broken);
        try {
            for (int i = 0; i < 3; i++) {
                Object result = engine.withGil(gil -> gil.eval("1 + 1"));
                assertThat(result).isEqualTo(2L);
            }
            assertThat(engine.isGilHeldByCurrentThread()).isFalse();
        } finally {
            engine.removeGilListener(broken);
        }
    }

    @Test
    void aTimedAcquireNamesTheHolderWhenItGivesUp() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> {
            Thread.currentThread().setName("slow-holder");
            engine.runWithGil(gil -> {
                holding.countDown();
                await(letGo);
            });
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        GilTimeoutException e = catchThrowableOfType(GilTimeoutException.class, () -> engine.acquireGil(Duration.ofMillis(100)));
        assertThat(e.holderThread()).isEqualTo("slow-holder");
        assertThat(e).hasMessageContaining("slow-holder").hasMessageContaining("held by");
        assertThat(engine.isGilHeldByCurrentThread()).isFalse();
        letGo.countDown();
        holder.get(10, TimeUnit.SECONDS);
        try (Gil gil = engine.acquireGil(Duration.ofSeconds(10))) {
            assertThat(gil.eval("'free again'")).isEqualTo("free again");
        }
    }

    @Test
    void statusShowsTheHolderAndTheWaiters() throws Exception {
        engine.gilStatus(); // turns time tracking on
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> {
            Thread.currentThread().setName("status-holder");
            try (Gil gil = engine.acquireGil(null, "Status.hold")) {
                holding.countDown();
                await(letGo);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> engine.withGil(gil -> gil.eval("1")), threads);
        GilStatus status = awaitStatus(s -> !s.waiters().isEmpty());
        assertThat(status.holder()).hasValueSatisfying(h -> {
            assertThat(h.thread()).isEqualTo("status-holder");
            assertThat(h.label()).isEqualTo("Status.hold");
            assertThat(h.javaStack()).isNotEmpty();
        });
        assertThat(status.waiters()).hasSize(1);
        assertThat(engine.gilWaitingThreads()).as("the waiters counted, without building them").isEqualTo(1);
        assertThat(engine.gilHoldingThreads()).as("a Java scope holds the GIL").isEqualTo(1);
        letGo.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        holder.get(10, TimeUnit.SECONDS);
        GilStatus after = awaitStatus(s -> s.holder().isEmpty() && s.waiters().isEmpty());
        assertThat(after.waiters()).isEmpty();
        assertThat(engine.gilWaitingThreads()).isZero();
        assertThat(engine.gilHoldingThreads()).isZero();
    }

    private static GilStatus awaitStatus(java.util.function.Predicate<GilStatus> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        GilStatus status = engine.gilStatus();
        while (!condition.test(status) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            status = engine.gilStatus();
        }
        return status;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the events of one thread. */
    private static final class Recorder implements GilListener {
        final String threadName;
        final CountDownLatch waiterArrived = new CountDownLatch(1);
        final List<Long> waits = new CopyOnWriteArrayList<>();
        final List<Long> holds = new CopyOnWriteArrayList<>();
        final List<String> labels = new CopyOnWriteArrayList<>();

        Recorder(String threadName) {
            this.threadName = threadName;
        }

        @Override
        public void waitStarted(GilScopeInfo scope) {
            if (scope.thread().getName().equals(threadName)) {
                waiterArrived.countDown();
            }
        }

        @Override
        public void acquired(GilScopeInfo scope, long waitNanos, long atNanos) {
            if (scope.thread().getName().equals(threadName)) {
                waits.add(waitNanos);
            }
        }

        @Override
        public void released(GilScopeInfo scope, long holdNanos, long atNanos) {
            if (scope.thread().getName().equals(threadName)) {
                holds.add(holdNanos);
                labels.add(String.valueOf(scope.label()));
            }
        }
    }
}
