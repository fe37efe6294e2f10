package dev.pyembed;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Thread.interrupt(), Future.cancel(true) and deadlines stop Python code; the engine goes on serving. */
class CallStopTest extends SharedEngineTest {

    private static final CountDownLatch[] started = new CountDownLatch[1];

    @BeforeAll
    static void registerStartSignal() {
        // Python code says "I am running now" through this callback (the GIL stays held: no release, no wait).
        engine.register("started", args -> {
            started[0].countDown();
            return null;
        }, false);
    }

    private static CountDownLatch expectStart() {
        started[0] = new CountDownLatch(1);
        return started[0];
    }

    @Test
    void whileTruePassIsStoppedAtItsDeadline() {
        for (int round = 0; round < 3; round++) {
            stopAtDeadline();
        }
    }

    private void stopAtDeadline() {
        long begin = System.nanoTime();
        assertThatThrownBy(() -> engine.withGil(null, "loop", Duration.ofMillis(200), gil -> {
            gil.exec("while True: pass");
            return null;
        })).isInstanceOfSatisfying(PythonTimeoutException.class, e -> {
            assertThat(e.deadline()).isEqualTo(Duration.ofMillis(200));
            assertThat(e.getMessage()).contains("deadline of PT0.2S").contains("stopped at File");
            assertThat(e.pythonType()).isEqualTo("pyembed.DeadlineExceeded");
            assertThat(e.pythonTraceback()).contains("pyembed.DeadlineExceeded");
        });
        long tookMs = (System.nanoTime() - begin) / 1_000_000;
        System.out.println("while True: pass with a 200 ms deadline ended after " + tookMs + " ms");
        assertThat(tookMs).as("stopped at its deadline, not left running (generous bound)").isLessThan(10_000);
        assertThat((Object) engine.withGil(gil -> gil.eval("1 + 1"))).isEqualTo(2L);
    }

    @Test
    void theDeadlineExceptionIsNotCaughtByExceptExceptionAndFinallyRuns() {
        engine.runWithGil(gil -> gil.exec("swallowed = False\nfinally_ran = False"));
        assertThatThrownBy(() -> engine.withGil(null, null, Duration.ofMillis(100), gil -> {
            gil.exec("""
                    def spin():
                        global swallowed, finally_ran
                        try:
                            while True:
                                spins = 1  # see the README: on 3.10 a loop body must not start with try:
                                try:
                                    pass
                                except Exception:
                                    swallowed = True
                        finally:
                            finally_ran = True
                    spin()
                    """);
            return null;
        })).isInstanceOf(PythonTimeoutException.class).hasMessageContaining("in spin");
        assertThat((Object) engine.withGil(gil -> gil.eval("(swallowed, finally_ran)"))).isEqualTo(java.util.List.of(false, true));
    }

    @Test
    void aLoopOfTimeSleepIsStopped() {
        assertThatThrownBy(() -> engine.withGil(null, null, Duration.ofMillis(200), gil -> {
            gil.exec("import time\nwhile True: time.sleep(0.01)");
            return null;
        })).isInstanceOf(PythonTimeoutException.class).hasMessageContaining("line 2");
    }

    @Test
    void threadInterruptStopsPythonCodeRestoresTheStatusAndTheEngineServesOthersThroughout() throws Exception {
        CountDownLatch running = expectStart();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread looper = new Thread(() -> {
            try {
                engine.runWithGil(gil -> gil.exec("import pyembed\npyembed.started()\nwhile True: pass"));
            } catch (Throwable e) {
                outcome.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "looper");
        looper.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        // While the loop runs, other threads get the GIL (CPython hands it over every switch interval).
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(CompletableFuture.supplyAsync(() -> engine.withGil(gil -> gil.eval(n + " * 2")))
                    .get(30, TimeUnit.SECONDS)).isEqualTo(n * 2L);
        }
        long begin = System.nanoTime();
        looper.interrupt();
        looper.join(30_000);
        System.out.println("while True: pass ended " + (System.nanoTime() - begin) / 1_000_000 + " ms after Thread.interrupt()");
        assertThat(looper.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(PythonInterruptedException.class).hasMessageContaining("interrupted");
        assertThat(((PythonException) outcome.get()).pythonTraceback()).contains("pyembed.Interrupted");
        assertThat(stillInterrupted).as("the interrupt status is restored").isTrue();
        assertThat(engine.gilHolder()).as("the GIL is free again").isEmpty();
        assertThat((Object) engine.withGil(gil -> gil.eval("'still serving'"))).isEqualTo("still serving");
    }

    @Test
    void futureCancelOfAnExecutorTaskStopsItsPythonCode() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            engine.runWithGil(gil -> gil.exec("cancelled_cleanly = False"));
            CountDownLatch running = expectStart();
            Future<Object> task = executor.submit(() -> engine.withGil(gil -> {
                gil.exec("""
                        import pyembed
                        try:
                            pyembed.started()
                            while True: pass
                        finally:
                            cancelled_cleanly = True
                        """);
                return "finished";
            }));
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            task.cancel(true);
            // The executor's thread is free again once the Python code stopped: the next task runs.
            assertThat(executor.submit(() -> engine.withGil(gil -> gil.eval("cancelled_cleanly"))).get(30, TimeUnit.SECONDS))
                    .isEqualTo(true);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void interruptingAThreadThatWaitsForTheGilGivesUpTheWaitBeforeAnyPythonRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                engine.runWithGil(gil -> ran.set(true));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "gil-waiter");
        engine.gilStatus(); // turns wait tracking on, so that the waiter shows in gilStatus()
        try (Gil held = engine.acquireGil()) {
            waiter.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.gilStatus().waiters().stream().noneMatch(w -> w.thread().equals("gil-waiter"))) {
                assertThat(System.nanoTime()).as("the waiter waits for the GIL").isLessThan(until);
                Thread.onSpinWait();
            }
            waiter.interrupt();
        }
        waiter.join(30_000);
        assertThat(outcome.get()).isInstanceOf(PythonInterruptedException.class).hasMessageContaining("no Python code ran");
        assertThat(ran).isFalse();
        assertThat((Object) engine.withGil(gil -> gil.eval("3"))).isEqualTo(3L);
    }

    @Test
    void anInterruptArrivingJustAfterACallReturnedDoesNotLeakIntoTheNextCall() throws Exception {
        AtomicInteger nextCallFailures = new AtomicInteger();
        AtomicInteger interruptedCalls = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        int rounds = 200;
        CountDownLatch done = new CountDownLatch(1);
        java.util.concurrent.Semaphore go = new java.util.concurrent.Semaphore(0);
        java.util.concurrent.Semaphore returned = new java.util.concurrent.Semaphore(0);
        Thread caller = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    go.acquireUninterruptibly();
                    try {
                        engine.withGil(gil -> gil.eval("sum(range(2000))"));
                    } catch (PythonInterruptedException e) {
                        interruptedCalls.incrementAndGet();
                    }
                    returned.release();
                    // The interrupt lands around the end of the call above; this thread clears it, then calls again.
                    go.acquireUninterruptibly();
                    Thread.interrupted();
                    try {
                        for (int k = 0; k < 3; k++) {
                            engine.withGil(gil -> gil.eval("sum(range(2000))"));
                        }
                    } catch (PythonException e) {
                        nextCallFailures.incrementAndGet();
                    }
                    returned.release();
                }
            } catch (Throwable e) {
                unexpected.set(e);
            } finally {
                done.countDown();
            }
        }, "interrupt-race");
        caller.start();
        for (int i = 0; i < rounds; i++) {
            go.release();
            long spin = System.nanoTime() + java.util.concurrent.ThreadLocalRandom.current().nextLong(400_000);
            while (System.nanoTime() < spin) {
                Thread.onSpinWait(); // lands the interrupt before, during or just after the first call
            }
            caller.interrupt();
            returned.acquire();
            go.release();
            returned.acquire();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unexpected.get()).isNull();
        System.out.println("interrupt race: " + interruptedCalls.get() + " of " + rounds + " first calls were stopped");
        assertThat(nextCallFailures).as("no stop leaked into a later call").hasValue(0);
    }

    /** What blocks inside C is stopped only when it returns to the interpreter: measured here, asserted on outcome only. */
    @Test
    void aLongSleepOrABlockingReadEndsWithTheTimeoutOnlyWhenItReturns() {
        String[] blocking = {
                "import time\ntime.sleep(1.0)",
                "import socket\na, b = socket.socketpair()\na.settimeout(1.0)\ntry:\n    a.recv(1)\nexcept OSError:\n    pass\nfinally:\n    a.close(); b.close()"};
        for (String code : blocking) {
            long begin = System.nanoTime();
            assertThatThrownBy(() -> engine.withGil(null, null, Duration.ofMillis(100), gil -> {
                gil.exec(code);
                return null;
            })).isInstanceOf(PythonTimeoutException.class);
            System.out.println("with a 100 ms deadline, " + code.lines().skip(1).findFirst().orElse("") + " ended after "
                    + (System.nanoTime() - begin) / 1_000_000 + " ms on " + engine.runtime().version());
        }
    }

    @Test
    void aBuilderDefaultDeadlineIsValidated() {
        assertThatThrownBy(() -> PythonEngine.builder().callDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> engine.withGil(null, null, Duration.ofMillis(-1), gil -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
