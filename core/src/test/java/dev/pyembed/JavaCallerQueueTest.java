package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The opt-in Java lock in front of the GIL ({@code javaCallerQueue}): exact, and never a deadlock. */
class JavaCallerQueueTest {

    /** Longer than any test here may take: a test that needs the queue to be left would hang, not pass. */
    private static final Duration FOREVER = Duration.ofMinutes(10);

    @Test
    void eightThreadsTimesFiveThousandScopesCountExactly() throws Exception {
        try (PythonEngine engine = TestEngines.builder().javaCallerQueue(FOREVER).start()) {
            assertThat(ConcurrentScopes.count(engine, 8, 5_000)).isEqualTo(8L * 5_000);
        }
    }

    @Test
    void allowThreadsLeavesTheQueueSoThatAnotherJavaThreadGetsIn() throws Exception {
        try (PythonEngine engine = TestEngines.builder().javaCallerQueue(FOREVER).start()) {
            CountDownLatch inAllowThreads = new CountDownLatch(1);
            CountDownLatch otherRan = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> waiter = pool.submit(() -> engine.withGil(gil -> gil.allowThreads(() -> {
                    inAllowThreads.countDown();
                    try {
                        return otherRan.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                })));
                assertThat(inAllowThreads.await(30, TimeUnit.SECONDS)).isTrue();
                Future<Object> other = pool.submit(() -> engine.withGil(gil -> {
                    otherRan.countDown();
                    return gil.eval("6 * 7");
                }));
                assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(42L);
                assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aScopeWaitingInPythonForAnotherJavaThreadDoesNotShutItOut() throws Exception {
        // The scope holding the queue waits in Python (Event.wait releases the GIL, not the queue) for another Java
        // thread's scope: the bounded wait in the queue is what lets that scope in.
        try (PythonEngine engine = TestEngines.builder().javaCallerQueue(Duration.ofMillis(100)).start()) {
            engine.runWithGil(gil -> gil.exec("import threading\nready = threading.Event()"));
            CountDownLatch waiting = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Object> waiter = pool.submit(() -> engine.withGil(gil -> {
                    waiting.countDown();
                    return gil.eval("ready.wait(60)");
                }));
                assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
                pool.submit(() -> engine.runWithGil(gil -> gil.exec("ready.set()"))).get(60, TimeUnit.SECONDS);
                assertThat(waiter.get(60, TimeUnit.SECONDS)).as("set by the other thread, not timed out").isEqualTo(true);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aMaxWaitThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> PythonEngine.builder().javaCallerQueue(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait must be positive");
        assertThat(PythonEngine.builder().javaCallerQueue(null)).isNotNull();
    }
}
