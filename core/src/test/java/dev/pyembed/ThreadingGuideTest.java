package dev.pyembed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scenarios of pythonnet's threading guide, one test each, on a real CPython. */
class ThreadingGuideTest {

    private final OutputCapture output = new OutputCapture();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private PythonEngine engine;

    @BeforeEach
    void start() {
        engine = TestEngines.builder().output(output).start();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        engine.close();
    }

    /** "Initialize, then BeginAllowThreads": right after start no thread holds the GIL; Java threads take it per scope. */
    @Test
    void initializeThenReleaseAtStart_javaThreadsUsePythonInScopes() throws Exception {
        assertThat(engine.isGilHeldByCurrentThread()).isFalse();
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            results.add(threads.submit(() -> engine.withGil(gil -> gil.eval(n + " * 10"))));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10L);
        }
        try (Gil gil = engine.acquireGil()) {
            assertThat(gil.eval("__import__('threading').current_thread() is __import__('threading').main_thread()"))
                    .as("the test thread is not Python's main thread: the lifecycle thread is").isEqualTo(false);
        }
    }

    /** The guide's launch_hello: a Python background thread prints "hello" every 100 ms while Java holds no GIL. */
    @Test
    void pythonBackgroundThreadKeepsRunningWhileJavaThreadsDoOtherWork() throws Exception {
        engine.runWithGil(gil -> gil.exec("""
                import threading, time
                def say_hello():
                    while True:
                        print("hello")
                        time.sleep(0.1)
                def launch_hello():
                    hello_thread = threading.Thread(name="Hello thread", target=say_hello)
                    hello_thread.daemon = True
                    hello_thread.start()
                launch_hello()
                """));
        // The test thread now holds no GIL and does Java work (waiting): the hellos must keep coming.
        assertThat(output.await("hello"::equals, 5, 10, TimeUnit.SECONDS)).as("5 hellos within 10 s").isTrue();
    }

    /** A second Java thread is not blocked because a first one once used Python and is now busy in Java. */
    @Test
    void secondJavaThreadIsNotBlockedBecauseAFirstOneUsedPython() throws Exception {
        CountDownLatch firstUsedPython = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<?> first = threads.submit(() -> {
            engine.runWithGil(gil -> gil.exec("import os"));
            firstUsedPython.countDown();
            releaseFirst.await(); // Java work, no GIL held
            return null;
        });
        assertThat(firstUsedPython.await(10, TimeUnit.SECONDS)).isTrue();
        Object cwd = threads.submit(() -> engine.withGil(gil -> gil.eval("os.getcwd()"))).get(10, TimeUnit.SECONDS);
        assertThat(cwd).isEqualTo(System.getProperty("user.dir"));
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    /**
     * LongRunningComputation: Java work that runs while the thread is in a GIL scope gives the GIL back with
     * allowThreads, so another thread runs Python meanwhile. Without allowThreads the other thread waits.
     */
    @Test
    void longJavaWorkInsideAScopeLetsOtherThreadsRunPythonWhenWrappedInAllowThreads() throws Exception {
        CountDownLatch otherRanPython = new CountDownLatch(1);
        try (Gil gil = engine.acquireGil()) {
            Future<?> other = threads.submit(() -> engine.runWithGil(g -> {
                g.eval("sum(range(1000))");
                otherRanPython.countDown();
            }));
            boolean ranDuringJavaWork = gil.allowThreads(() -> await(otherRanPython, 10));
            assertThat(ranDuringJavaWork).as("another thread ran Python during allowThreads").isTrue();
            other.get(10, TimeUnit.SECONDS);
            assertThat(gil.eval("1 + 1")).as("the GIL is back after allowThreads").isEqualTo(2L);
        }
    }

    /** The same long Java work without allowThreads holds the GIL: the other thread cannot run Python meanwhile. */
    @Test
    void longJavaWorkWithoutAllowThreadsBlocksOtherThreads() throws Exception {
        AtomicBoolean otherRan = new AtomicBoolean();
        CountDownLatch otherRanPython = new CountDownLatch(1);
        Future<?> other;
        try (Gil gil = engine.acquireGil()) {
            other = threads.submit(() -> engine.runWithGil(g -> {
                otherRan.set(true);
                otherRanPython.countDown();
            }));
            assertThat(otherRanPython.await(500, TimeUnit.MILLISECONDS)).as("blocked while the GIL is held").isFalse();
            assertThat(otherRan).isFalse();
        }
        other.get(10, TimeUnit.SECONDS);
        assertThat(otherRan).isTrue();
    }

    /** "Shutting down": Py_FinalizeEx runs on the thread that initialized, also when close() is called elsewhere. */
    @Test
    void shutdownHappensOnTheInitializingThreadWhenClosedFromAnotherThread() throws Exception {
        engine.runWithGil(gil -> gil.exec("""
                import atexit, threading
                def report():
                    print("atexit on main thread:", threading.current_thread() is threading.main_thread(),
                          threading.get_native_id() == threading.main_thread().native_id)
                atexit.register(report)
                """));
        CompletableFuture.runAsync(engine::close, threads).get(30, TimeUnit.SECONDS);
        assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
        assertThat(output.lines).contains("atexit on main thread: True True");
    }

    @Test
    void closeIsIdempotentAndSafeFromManyThreadsAtOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            closers.add(threads.submit(() -> {
                go.await();
                engine.close();
                return null;
            }));
        }
        go.countDown();
        for (Future<?> closer : closers) {
            closer.get(30, TimeUnit.SECONDS);
        }
        engine.close();
        assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    }

    @Test
    void callsAfterCloseThrowIllegalStateException() {
        PyObject os = engine.withGil(gil -> gil.importModule("os"));
        engine.close();
        assertThatThrownBy(engine::acquireGil).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.withGil(gil -> gil.eval("1"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(os::repr).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.register("late", args -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.registerObject("late", new Object())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        os.close(); // no crash, nothing touched
    }

    private static boolean await(CountDownLatch latch, int seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
