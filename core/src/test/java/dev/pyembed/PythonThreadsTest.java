package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Snapshots of what every thread runs in Python, bounded in time whoever holds the GIL. */
class PythonThreadsTest extends SharedEngineTest {

    @Test
    void aPythonThreadAndAJavaThreadShowTheirPythonStacks() throws Exception {
        CountDownLatch javaInPython = new CountDownLatch(1);
        engine.register("java_arrived", args -> {
            javaInPython.countDown();
            return null;
        }, false);
        engine.runWithGil(gil -> gil.exec("""
                import threading, time, pyembed
                release_all = threading.Event()
                def wait_here():
                    release_all.wait()
                threading.Thread(target=wait_here, name='waiting-python-thread', daemon=True).start()
                def java_side_work():
                    pyembed.java_arrived()
                    release_all.wait()
                """));
        Thread javaThread = new Thread(() -> engine.runWithGil(gil -> gil.eval("java_side_work()")), "java-in-python");
        javaThread.start();
        assertThat(javaInPython.await(10, TimeUnit.SECONDS)).isTrue();

        List<PythonThreadInfo> threads = engine.pythonThreads(Duration.ofSeconds(10));
        assertThat(threads).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("waiting-python-thread");
            assertThat(t.stack()).contains("in wait_here");
            assertThat(t.javaThread()).isNull();
        });
        assertThat(threads).anySatisfy(t -> {
            assertThat(t.javaThread()).isEqualTo("java-in-python");
            assertThat(t.name()).isEqualTo("java-in-python");
            assertThat(t.stack()).contains("in java_side_work");
        });
        assertThat(threads).as("every thread running Python is named, the snapshot's own too")
                .noneMatch(t -> t.name().startsWith("thread "))
                .anySatisfy(t -> assertThat(t.javaThread()).isEqualTo("pyembed-snapshot"));
        engine.runWithGil(gil -> gil.exec("release_all.set()"));
        javaThread.join(10_000);
    }

    @Test
    void aSnapshotWhileAPythonThreadIsStartingShowsItWithoutAnIdent() throws Exception {
        CountDownLatch inLimbo = new CountDownLatch(1);
        engine.register("limbo_entered", args -> {
            inLimbo.countDown();
            return null;
        }, false);
        engine.runWithGil(gil -> gil.exec("""
                import threading, pyembed
                limbo_gate = threading.Event()
                class HeldWhileStarting(threading.Thread):
                    def _bootstrap(self):  # runs on the new thread before threading knows its ident
                        pyembed.limbo_entered()
                        limbo_gate.wait()
                        super()._bootstrap()
                def start_held_thread():
                    t = HeldWhileStarting(target=lambda: None, name='held-while-starting', daemon=True)
                    t.start()  # waits (GIL released) until the thread leaves threading._limbo
                    t.join()
                """));
        CompletableFuture<Void> starter = CompletableFuture.runAsync(
                () -> engine.runWithGil(gil -> gil.eval("start_held_thread()")));
        assertThat(inLimbo.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            Object limboIdents = engine.withGil(gil -> gil.eval("[t.ident for t in threading._limbo]"));
            assertThat(limboIdents)
                    .as("the thread is in threading._limbo without an ident").isEqualTo(java.util.Arrays.asList((Object) null));
            List<PythonThreadInfo> threads = engine.pythonThreads(Duration.ofSeconds(10));
            assertThat(threads).anySatisfy(t -> {
                assertThat(t.name()).isEqualTo("held-while-starting");
                assertThat(t.ident()).isZero();
                assertThat(t.stack()).isEmpty();
            });
            assertThat(engine.pythonThreads()).anySatisfy(t -> assertThat(t.name()).isEqualTo("held-while-starting"));
            assertThat(engine.gilStatus()).isNotNull(); // the Actuator endpoint asks for both
        } finally {
            engine.runWithGil(gil -> gil.exec("limbo_gate.set()"));
        }
        starter.get(10, TimeUnit.SECONDS);
        assertThat(engine.pythonThreads(Duration.ofSeconds(10))).noneMatch(t -> t.name().equals("held-while-starting"));
    }

    @Test
    void statsCountThreadsCollectionsAndMemory() {
        PythonStats stats = engine.stats(Duration.ofSeconds(10));
        assertThat(stats.pythonThreads()).isPositive();
        assertThat(stats.gcCollections()).isNotEmpty();
        assertThat(stats.allocatedBlocks()).isPositive();
        engine.runWithGil(gil -> gil.exec("import gc; gc.collect()"));
        assertThat(engine.stats(Duration.ofSeconds(10)).totalGcCollections()).isGreaterThan(stats.totalGcCollections());
    }

    @Test
    void aSnapshotGivesUpInTimeWhenAJavaThreadKeepsTheGilInJavaCode() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            Thread.currentThread().setName("keeps-the-gil");
            engine.runWithGil(gil -> {
                holding.countDown();
                try {
                    letGo.await(30, TimeUnit.SECONDS); // Java work inside the scope: the GIL is not handed over
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        engine.gilStatus(); // track times
        GilTimeoutException e = catchThrowableOfType(GilTimeoutException.class,
                () -> engine.pythonThreads(Duration.ofMillis(200)));
        assertThat(e.holderThread()).isEqualTo("keeps-the-gil");
        letGo.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(engine.pythonThreads(Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void aSnapshotSucceedsWhileAJavaThreadRunsPythonBytecode() throws Exception {
        CountDownLatch spinning = new CountDownLatch(1);
        engine.register("spinning", args -> {
            spinning.countDown();
            return null;
        }, false);
        engine.runWithGil(gil -> gil.exec("""
                import threading, pyembed
                stop_spin = threading.Event()
                def spin():
                    pyembed.spinning()
                    n = 0
                    while not stop_spin.is_set():
                        n += 1
                    return n
                """));
        CompletableFuture<Object> spinner = CompletableFuture.supplyAsync(() -> engine.withGil(gil -> gil.eval("spin()")));
        assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
        List<PythonThreadInfo> threads = engine.pythonThreads(Duration.ofSeconds(5));
        assertThat(threads).anySatisfy(t -> assertThat(t.stack()).contains("in spin"));
        engine.runWithGil(gil -> gil.exec("stop_spin.set()"));
        assertThat(spinner.get(10, TimeUnit.SECONDS)).isInstanceOf(Long.class);
    }
}
