package dev.pyembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sub-interpreters with their own GIL (CPython 3.12+): isolated, independent, ended before the main one. */
class SubInterpreterTest {

    @Test
    void interpretersAreIsolatedAndAnErrorInOneLeavesTheOthersWorking() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            PythonInterpreterPool pool = engine.interpreterPool(2);
            pool.submitTo(0, interp -> {
                interp.exec("secret = 'only in 0'");
                return null;
            }).join();
            assertThat(pool.submitTo(1, interp -> interp.eval("'secret' in globals()")).join()).isEqualTo(false);
            assertThat(pool.submitTo(0, interp -> interp.eval("secret")).join()).isEqualTo("only in 0");
            Object mainHasIt = engine.withGil(gil -> gil.eval("'secret' in globals()"));
            assertThat(mainHasIt).isEqualTo(false);

            assertThatThrownBy(() -> pool.call(interp -> interp.eval("1 / 0")))
                    .isInstanceOf(PythonException.class).hasMessageContaining("ZeroDivisionError");
            for (int i = 0; i < 2; i++) {
                assertThat(pool.submitTo(i, interp -> interp.call("math", "factorial", 10)).join()).isEqualTo(3628800L);
            }
            assertThat(pool.stats()).extracting(InterpreterStats::index).containsExactly(0, 1);
            assertThat(pool.stats().stream().mapToLong(InterpreterStats::completed).sum()).isEqualTo(5);
            assertThat(pool.stats().stream().mapToLong(InterpreterStats::failed).sum()).isEqualTo(1);
            assertThat(pool.stats()).allSatisfy(s -> assertThat(s.runTime()).isPositive());
            Object edges = pool.call(interp -> interp.eval("[-1, 0, 2**30, -(2**60 - 1), 2**60, -2**63]"));
            assertThat(edges).as("ints at the edges of the compact reads, from a sub-interpreter")
                    .isEqualTo(List.of(-1L, 0L, 1L << 30, -((1L << 60) - 1), 1L << 60, Long.MIN_VALUE));
        }
    }

    @Test
    void workOnTwoInterpretersRunsAtTheSameTime() throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            PythonInterpreterPool pool = engine.interpreterPool(2, List.of("threading"));
            // Each waits until the other has started: only possible if both run at once (own GILs, two threads).
            CompletableFuture<Object> first = pool.submitTo(0, interp -> rendezvous(interp, "a", "b"));
            CompletableFuture<Object> second = pool.submitTo(1, interp -> rendezvous(interp, "b", "a"));
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(true);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(true);
        }
    }

    /** Marks {@code mine} in a file both interpreters see, then waits (bounded) for {@code theirs}. */
    private static Object rendezvous(SubInterpreter interp, String mine, String theirs) {
        String dir = System.getProperty("java.io.tmpdir") + "/pyembed-rendezvous-" + ProcessHandle.current().pid();
        interp.exec("import os, time\nos.makedirs(" + quote(dir) + ", exist_ok=True)\n"
                + "open(os.path.join(" + quote(dir) + ", " + quote(mine) + "), 'w').close()\n"
                + "deadline = time.monotonic() + 20\n"
                + "while not os.path.exists(os.path.join(" + quote(dir) + ", " + quote(theirs) + ")) and time.monotonic() < deadline:\n"
                + "    sum(range(1000))\n");
        return interp.eval("os.path.exists(os.path.join(" + quote(dir) + ", " + quote(theirs) + "))");
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void objectsWithoutAJavaValueCannotLeaveAnInterpreter() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            PythonInterpreterPool pool = engine.interpreterPool(1);
            assertThatThrownBy(() -> pool.call(interp -> interp.eval("object()")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot leave its sub-interpreter");
            PyObject mainObject = engine.withGil(gil -> gil.evalObject("object()"));
            assertThatThrownBy(() -> pool.call(interp -> interp.call("builtins", "repr", mainObject)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot enter a sub-interpreter");
            SubInterpreter leaked = pool.call(interp -> interp);
            assertThatThrownBy(() -> leaked.eval("1")).as("a SubInterpreter used outside its work")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("only inside the work");
        }
    }

    @Test
    void anExtensionModuleThatSupportsOnlyTheMainInterpreterSaysSo() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            // CPython's own single-phase-init test module stands for numpy and the like.
            Object inMain = engine.withGil(gil -> gil.eval("__import__('importlib.util').util.find_spec('_testsinglephase') is not None"));
            assumeTrue(Boolean.TRUE.equals(inMain), "this runtime has no _testsinglephase");
            PythonInterpreterPool pool = engine.interpreterPool(1);
            assertThatThrownBy(() -> pool.call(interp -> interp.call("_testsinglephase", "sum", 1, 2)))
                    .isInstanceOf(PythonException.class)
                    .hasMessageContaining("ImportError")
                    .hasMessageContaining("supports only the main interpreter")
                    .hasMessageContaining("engine.withGil");
        }
    }

    @Test
    void closingTheEngineEndsTheInterpretersAfterTheWorkInFlight() throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            PythonInterpreterPool pool = engine.interpreterPool(2);
            CompletableFuture<Object> inFlight = pool.submit(interp -> {
                interp.exec("import time\ntime.sleep(0.3)");
                return interp.eval("'finished'");
            });
            engine.close();
            assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
            assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
            assertThatThrownBy(() -> pool.submit(interp -> 1).join()).hasMessageContaining("closed");
        }
    }

    @Test
    void before312APoolIsRefusedNamingTheVersionNeeded() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(!engine.runtime().version().isAtLeast(3, 12), "this runtime has sub-interpreters");
            assertThatThrownBy(() -> engine.interpreterPool(2)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("3.12");
        }
        PythonEngine configured = TestEngines.builder().interpreters(2, List.of()).build();
        assertThatThrownBy(configured::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining("3.12").hasMessageContaining("pyembed.interpreters.size");
        assertThat(configured.state()).isEqualTo(EngineState.FAILED);
    }

    @Test
    void aPoolConfiguredOnTheBuilderStartsWithTheEngineAndImportsItsModules() {
        PythonEngine.Builder builder = TestEngines.builder().interpreters(2, List.of("json"));
        try (PythonEngine engine = builder.build()) {
            assumeTrue(engineVersionAtLeast312(), "sub-interpreters need 3.12+");
            engine.start();
            PythonInterpreterPool pool = engine.interpreters();
            assertThat(pool.size()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                assertThat(pool.submitTo(i, interp -> interp.eval("'json' in __import__('sys').modules")).join()).isEqualTo(true);
            }
        }
    }

    @Test
    void cancelTrueStopsRunningWorkItsFinallyRunsAndTheInterpreterGoesOn(@TempDir Path dir) throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            try (PythonInterpreterPool pool = engine.interpreterPool(1)) {
                Path started = dir.resolve("started");
                CompletableFuture<Object> looping = pool.submit(interp -> {
                    interp.exec(loopUntilStopped(started));
                    return "finished";
                });
                CompletableFuture<Object> queued = pool.submit(interp -> {
                    interp.exec("queued_ran = True");
                    return "ran";
                });
                awaitFile(started);
                assertThat(queued.cancel(false)).isTrue();
                long begin = System.nanoTime();
                assertThat(looping.cancel(true)).isTrue();
                // One interpreter runs its queue in order: this waits until the loop has stopped.
                assertThat((Object) pool.call(interp -> interp.eval("cleaned_up"))).isEqualTo(true);
                System.out.println("sub-interpreter loop ended " + (System.nanoTime() - begin) / 1_000_000
                        + " ms after cancel(true)");
                assertThat(looping).isCancelled();
                assertThat((Object) pool.call(interp -> interp.eval("'queued_ran' in globals()")))
                        .as("work cancelled before it started never runs").isEqualTo(false);
                assertThat((Object) pool.call(interp -> interp.eval("6 * 7"))).isEqualTo(42L);
                assertThat((Object) engine.withGil(gil -> gil.eval("'main still serving'"))).isEqualTo("main still serving");
            }
        }
    }

    @Test
    void interruptingAThreadWaitingInCallCancelsItsWork(@TempDir Path dir) throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            try (PythonInterpreterPool pool = engine.interpreterPool(1)) {
                Path started = dir.resolve("started");
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                AtomicBoolean stillInterrupted = new AtomicBoolean();
                Thread caller = new Thread(() -> {
                    try {
                        pool.call(interp -> {
                            interp.exec(loopUntilStopped(started));
                            return "finished";
                        });
                    } catch (Throwable e) {
                        outcome.set(e);
                        stillInterrupted.set(Thread.currentThread().isInterrupted());
                    }
                }, "pool-caller");
                caller.start();
                awaitFile(started);
                caller.interrupt();
                caller.join(30_000);
                assertThat(caller.isAlive()).isFalse();
                assertThat(outcome.get()).isInstanceOf(PythonInterruptedException.class).hasMessageContaining("cancelled");
                assertThat(stillInterrupted).as("the interrupt status is kept").isTrue();
                assertThat((Object) pool.call(interp -> interp.eval("cleaned_up"))).isEqualTo(true);
            }
        }
    }

    @Test
    void aStopThatArrivesAfterTheWorkEndedDoesNotReachTheNextWork() throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            try (PythonInterpreterPool pool = engine.interpreterPool(1)) {
                for (int i = 0; i < 200; i++) {
                    CompletableFuture<Object> quick = pool.submit(interp -> interp.eval("sum(range(100))"));
                    quick.cancel(true); // before, while or after it runs: whichever, the next call is untouched
                    assertThat((Object) pool.call(interp -> interp.eval("sum(range(1000))"))).isEqualTo(499500L);
                }
            }
        }
    }

    /** Python that marks {@code started} inside a try, loops until stopped, and records that its finally ran. */
    private static String loopUntilStopped(Path started) {
        return """
                cleaned_up = False
                try:
                    open(%s, 'w').close()
                    while True:
                        spins = 1
                finally:
                    cleaned_up = True
                """.formatted("'" + started.toString().replace("\\", "\\\\").replace("'", "\\'") + "'");
    }

    /** Waits for the Python code to have written {@code file} (it cannot call back into Java from a sub-interpreter). */
    private static void awaitFile(Path file) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + file).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static boolean engineVersionAtLeast312() {
        return TestEngines.version().isAtLeast(3, 12);
    }
}
