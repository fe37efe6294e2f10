package dev.pyembed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's LongRunningComputation: Python calls Java work that takes 500 ms. Wrapped in
 * BeginAllowThreads/EndAllowThreads (a callback that releases the GIL), 4 other Java threads and a Python thread
 * make progress meanwhile; without it they all wait.
 */
class LongRunningComputationTest {

    private static final int JAVA_THREADS = 4;

    private final AtomicLong[] javaProgress = new AtomicLong[JAVA_THREADS];
    private final AtomicLong pythonProgress = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private PythonEngine engine;

    @BeforeEach
    void start() {
        engine = TestEngines.builder().start();
        engine.register("tick", args -> pythonProgress.incrementAndGet(), false);
        for (int i = 0; i < JAVA_THREADS; i++) {
            javaProgress[i] = new AtomicLong();
        }
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        engine.close();
    }

    @Test
    void releasingTheGilDuringLongJavaWorkLetsEveryoneElseRun() throws Exception {
        long[] progressDuringWork = runLongComputation(true);
        for (int i = 0; i < JAVA_THREADS; i++) {
            assertThat(progressDuringWork[i]).as("Java thread %d progressed during the 500 ms", i).isPositive();
        }
        assertThat(progressDuringWork[JAVA_THREADS]).as("the Python thread progressed").isPositive();
    }

    @Test
    void holdingTheGilDuringLongJavaWorkStallsEveryoneElse() throws Exception {
        long[] progressDuringWork = runLongComputation(false);
        for (long progress : progressDuringWork) {
            assertThat(progress).as("no progress while the GIL is held").isZero();
        }
    }

    /** Returns how far each Java thread and (last) the Python thread got while the long computation ran. */
    private long[] runLongComputation(boolean releasesGil) throws Exception {
        long[] during = new long[JAVA_THREADS + 1];
        engine.register("long_running_computation", args -> {
            long[] before = snapshot();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < end) { // the Java work: 500 ms
                LockSupport.parkNanos(1_000_000);
            }
            long[] after = snapshot();
            for (int i = 0; i < during.length; i++) {
                during[i] = after[i] - before[i];
            }
            return null;
        }, releasesGil);
        startPythonThread();
        startJavaThreads();
        engine.runWithGil(gil -> gil.exec("import pyembed\npyembed.long_running_computation()"));
        return during;
    }

    private void startJavaThreads() throws InterruptedException {
        engine.runWithGil(gil -> gil.exec("import itertools\njava_calls = itertools.count()"));
        PyObject next = engine.withGil(gil -> (PyObject) gil.eval("java_calls.__next__"));
        CountDownLatch allRunning = new CountDownLatch(JAVA_THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < JAVA_THREADS; i++) {
            AtomicLong progress = javaProgress[i];
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    engine.runWithGil(gil -> {
                        next.call();
                        if (progress.incrementAndGet() == 1) { // counted while holding the GIL
                            allRunning.countDown();
                        }
                    });
                }
            }));
        }
        assertThat(allRunning.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private void startPythonThread() {
        engine.runWithGil(gil -> gil.exec("""
                import threading, time, pyembed
                stop_ticking = threading.Event()
                def ticker():
                    while not stop_ticking.is_set():
                        pyembed.tick()
                        time.sleep(0.001)
                threading.Thread(target=ticker, name='ticker', daemon=True).start()
                """));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pythonProgress.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the Python thread ticked once
        }
        assertThat(pythonProgress.get()).isPositive();
    }

    private long[] snapshot() {
        long[] values = new long[JAVA_THREADS + 1];
        for (int i = 0; i < JAVA_THREADS; i++) {
            values[i] = javaProgress[i].get();
        }
        values[JAVA_THREADS] = pythonProgress.get();
        return values;
    }
}
