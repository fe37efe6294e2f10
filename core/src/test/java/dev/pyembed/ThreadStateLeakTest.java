package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Thread-per-request servers: threads that die and are replaced must not leave CPython thread states behind. */
class ThreadStateLeakTest {

    @Test
    void threadStatesOfDeadJavaThreadsAreFreed() throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            int before = engine.threadStateCount();
            int threadsThatDie = 200;
            for (int i = 0; i < threadsThatDie; i++) {
                Thread thread = new Thread(() -> engine.runWithGil(gil -> gil.eval("1 + 1")), "short-lived-" + i);
                thread.start();
                thread.join();
            }
            // A pool whose threads time out and are replaced.
            ExecutorService pool = new ThreadPoolExecutor(0, 4, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                    new ThreadPoolExecutor.CallerRunsPolicy());
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> engine.withGil(gil -> gil.eval("2 + 2"))).get();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            int after = awaitCount(engine, before + 1, 30_000);
            assertThat(after).as("thread states after %d dead threads (before: %d)", threadsThatDie + 200, before)
                    .isLessThanOrEqualTo(before + 1); // + this test thread's own cached state
        }
    }

    @Test
    void deadJavaThreadsThatAskedForTheirThreadingObjectLeaveNoDummyThreadBehind() throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            engine.runWithGil(gil -> gil.exec("import threading"));
            int before = activeThreads(engine);
            int threadsThatDie = 200;
            for (int i = 0; i < threadsThatDie; i++) {
                Thread thread = new Thread(() -> engine.runWithGil(gil -> gil.exec("threading.current_thread().name")),
                        "dummy-" + i);
                thread.start();
                thread.join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int after = activeThreads(engine);
            while (after > before && System.nanoTime() < deadline) {
                System.gc();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // let the Cleaner thread run its queue
                after = activeThreads(engine); // taking the GIL frees what the Cleaner queued
            }
            assertThat(after).as("threading._active after %d dead Java threads called current_thread() (before: %d)",
                    threadsThatDie, before).isLessThanOrEqualTo(before);
        }
    }

    private static int activeThreads(PythonEngine engine) {
        return ((Long) engine.withGil(gil -> gil.eval("len(threading._active)"))).intValue();
    }

    /** Collects garbage until the count drops to {@code target} or the deadline passes; returns the last count. */
    private static int awaitCount(PythonEngine engine, int target, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int count = engine.threadStateCount();
        while (count > target && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // let the Cleaner thread run its queue
            count = engine.threadStateCount(); // taking the GIL also reclaims what the Cleaner queued
        }
        return count;
    }
}
