package dev.pyembed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Coroutines from Java: one asyncio loop per engine, futures completed, exceptions and cancellation both ways. */
class AsyncTest {

    private static PythonEngine engine;
    private static final CountDownLatch cleanedUp = new CountDownLatch(1);
    private static final CountDownLatch longRunningStarted = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        engine = TestEngines.builder().start();
        engine.register("cleaned_up", args -> {
            cleanedUp.countDown();
            return null;
        });
        engine.register("long_running_started", args -> {
            longRunningStarted.countDown();
            return null;
        });
        engine.register("java_fails", args -> {
            throw new IllegalStateException("no stock for " + args[0]);
        });
        engine.runWithGil(gil -> gil.exec("""
                import asyncio, sys, types, threading
                aio = types.ModuleType('aio_test')
                sys.modules['aio_test'] = aio
                exec('''
                import asyncio, pyembed, threading
                gate = None
                async def nap(i, seconds):
                    await asyncio.sleep(seconds)
                    return i
                async def boom():
                    await asyncio.sleep(0)
                    raise ValueError('bad input 7')
                async def calls_java():
                    await asyncio.sleep(0)
                    return pyembed.java_fails('widget')
                async def waits_at_gate():
                    global gate
                    gate = asyncio.Event()
                    await gate.wait()
                    return 'opened'
                async def open_gate():
                    gate.set()
                async def long_running():
                    pyembed.long_running_started()
                    try:
                        await asyncio.sleep(3600)
                    finally:
                        pyembed.cleaned_up()
                async def cancels_itself():
                    raise asyncio.CancelledError()
                def not_async():
                    return 42
                blocking = threading.Event()
                release_blocking = threading.Event()
                async def blocks_the_loop():
                    blocking.set()
                    release_blocking.wait(30)  # a blocking call inside a coroutine: the whole loop waits
                    return 'unblocked'

                ''', aio.__dict__)
                """));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aThousandConcurrentSleepsEndInAboutTheSleepTime() throws Exception {
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (long i = 0; i < 1000; i++) {
            futures.add(engine.callAsync("aio_test", "nap", i, 0.5));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (int i = 0; i < 1000; i++) {
            assertThat(futures.get(i).get()).isEqualTo((long) i);
        }
        // one after the other they would take 500 s: concurrency, not timing, is what this bound shows
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void javaThreadsKeepCallingPythonWhileACoroutineWaits() throws Exception {
        CompletableFuture<Object> waiting = engine.callAsync("aio_test", "waits_at_gate");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long n = i;
                calls.add(threads.submit(() -> engine.withGil(gil -> gil.eval(n + " * 2"))));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i * 2L);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(waiting).isNotDone();
        awaitGateMade();
        engine.callAsync("aio_test", "open_gate").get(30, TimeUnit.SECONDS);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("opened");
    }

    private static void awaitGateMade() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Boolean.TRUE.equals(engine.withGil(gil -> gil.eval("sys.modules['aio_test'].gate is not None")))) {
            assertThat(System.nanoTime()).as("the coroutine reached its gate").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polls a condition
        }
    }

    @Test
    void aPythonExceptionFailsTheFuture() {
        CompletableFuture<Object> failing = engine.callAsync("aio_test", "boom");
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PythonException.class).hasMessageContaining("ValueError")
                .hasMessageContaining("bad input 7");
        PythonException error = (PythonException) catchCause(failing);
        assertThat(error.pythonType()).isEqualTo("ValueError");
        assertThat(error.pythonTraceback()).contains("boom");
    }

    @Test
    void aJavaExceptionInsideTheCoroutineComesBackAsItsCause() {
        CompletableFuture<Object> failing = engine.callAsync("aio_test", "calls_java");
        Throwable error = catchCause(failing);
        assertThat(error).isInstanceOf(PythonException.class);
        assertThat(error).hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("no stock for widget");
    }

    @Test
    void cancellingTheFutureCancelsTheTaskAndItsFinallyRuns() throws Exception {
        CompletableFuture<Object> running = engine.callAsync("aio_test", "long_running");
        assertThat(longRunningStarted.await(30, TimeUnit.SECONDS)).isTrue(); // a task cancelled before it starts runs nothing
        assertThat(running.cancel(true)).isTrue();
        assertThat(running).isCancelled();
        assertThat(cleanedUp.await(30, TimeUnit.SECONDS)).as("the coroutine's finally block ran").isTrue();
    }

    @Test
    void aCoroutineCancelledInPythonCancelsTheFuture() {
        CompletableFuture<Object> cancelled = engine.callAsync("aio_test", "cancels_itself");
        assertThatThrownBy(() -> cancelled.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    @Test
    void anAwaitableObjectRunsOnTheLoop() throws Exception {
        CompletableFuture<Object> future = engine.withGil(gil -> {
            try (PyObject coroutine = gil.evalObject("sys.modules['aio_test'].nap('x', 0)")) {
                return coroutine.toFuture();
            }
        });
        assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("x");
    }

    @Test
    void whatIsNotAwaitableIsRefusedNamingCall() {
        assertThatThrownBy(() -> engine.callAsync("aio_test", "not_async"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not awaitable")
                .hasMessageContaining("call(");
    }

    @Test
    void dependentStagesNeverRunOnTheLoopThread() throws Exception {
        String thread = engine.callAsync("aio_test", "nap", 1L, 0.0)
                .thenApply(result -> Thread.currentThread().getName()).get(30, TimeUnit.SECONDS);
        assertThat(thread).doesNotContain("pyembed-asyncio");
        assertThat(engine.isGilHeldByCurrentThread()).isFalse();
    }

    @Test
    void aCoroutineThatBlocksTheLoopShowsInThePythonThreads() throws Exception {
        CompletableFuture<Object> blocking = engine.callAsync("aio_test", "blocks_the_loop");
        engine.withGil(gil -> gil.eval("sys.modules['aio_test'].blocking.wait(30)"));
        PythonThreadInfo loop = engine.pythonThreads(Duration.ofSeconds(10)).stream()
                .filter(thread -> "pyembed-asyncio".equals(thread.name())).findFirst().orElseThrow();
        assertThat(loop.stack()).contains("blocks_the_loop");
        awaitStall(stall -> stall.compareTo(Duration.ofMillis(300)) > 0, "the stall is seen");
        engine.runWithGil(gil -> gil.exec("sys.modules['aio_test'].release_blocking.set()"));
        assertThat(blocking.get(30, TimeUnit.SECONDS)).isEqualTo("unblocked");
        awaitStall(Duration::isZero, "the loop runs freely again");
    }

    private static void awaitStall(java.util.function.Predicate<Duration> condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(engine.asyncLoopStall())) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls a condition
        }
    }

    private static Throwable catchCause(CompletableFuture<Object> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the future to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
