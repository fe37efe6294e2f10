package dev.pyembed.spring.watchdog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.pyembed.spring.observability.TestEngine.eventually;
import static dev.pyembed.spring.observability.TestEngine.onThread;
import static org.assertj.core.api.Assertions.assertThat;

/** Long GIL holds logged once, with the holder's Java stack and the Python stacks, read from the log. */
class GilWatchdogTest {

    private static PythonEngine engine;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(GilWatchdog.class);

    @BeforeAll
    static void startEngine() {
        engine = TestEngine.start();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopCapture() {
        logger.detachAppender(log);
    }

    @Test
    void aJavaThreadKeepingTheGilInJavaCodeIsReportedOncePerHoldWithItsJavaStack() throws Exception {
        GilWatchdog watchdog = new GilWatchdog(engine, Duration.ofMillis(200), Duration.ofHours(1));
        CountDownLatch letGo = new CountDownLatch(1);
        watchdog.start();
        CompletableFuture<Void> holder = holdInJava("slow-java-holder", "Report.build", letGo);
        try {
            assertThat(eventually(() -> !warnings().isEmpty())).as("a warning within 10 s").isTrue();
            watchdog.check(); // the same hold, polled again: no second warning
            watchdog.check();
        } finally {
            letGo.countDown();
            holder.get(10, TimeUnit.SECONDS);
            watchdog.stop();
        }
        assertThat(warnings()).hasSize(1);
        String warning = warnings().get(0);
        assertThat(warning)
                .contains("thread 'slow-java-holder' has held the GIL for")
                .contains("in Report.build")
                .contains("pyembed.gil.hold-warning=200 ms")
                .contains("Java stack of 'slow-java-holder'")
                .contains("java.util.concurrent.CountDownLatch.await")
                .contains("keeps the GIL in Java or C code");
        assertThat(watchdog.isRunning()).isFalse();
    }

    @Test
    void aJavaThreadRunningPythonCodeIsReportedWithThePythonStack() throws Exception {
        engine.runWithGil(gil -> gil.exec("""
                import threading
                stop_crunching = threading.Event()
                def crunch_numbers_for_ever():
                    n = 0
                    while not stop_crunching.is_set():
                        n += 1
                    return n
                """));
        GilWatchdog watchdog = new GilWatchdog(engine, Duration.ofMillis(200), Duration.ofHours(1));
        watchdog.start();
        CompletableFuture<Object> cruncher = onThread("python-cruncher",
                () -> engine.withGil(null, "Model.train", gil -> gil.eval("crunch_numbers_for_ever()")));
        try {
            assertThat(eventually(() -> !warnings().isEmpty())).isTrue();
        } finally {
            engine.runWithGil(gil -> gil.exec("stop_crunching.set()"));
            cruncher.get(10, TimeUnit.SECONDS);
            watchdog.stop();
        }
        assertThat(warnings().get(0))
                .contains("thread 'python-cruncher' has held the GIL")
                .contains("in Model.train")
                .contains("Python threads:")
                .contains("(Java thread 'python-cruncher')")
                .contains("in crunch_numbers_for_ever");
    }

    @Test
    void aCoroutineBlockingTheAsyncioLoopIsReportedOnceWithTheLoopsStack() throws Exception {
        engine.runWithGil(gil -> gil.exec("""
                import sys, threading, types
                watchdog_aio = types.ModuleType('watchdog_aio')
                sys.modules['watchdog_aio'] = watchdog_aio
                watchdog_aio.release = threading.Event()
                async def hogs_the_loop():
                    watchdog_aio.release.wait(30)  # blocking, no await
                    return 'done'
                watchdog_aio.hogs_the_loop = hogs_the_loop
                """));
        GilWatchdog watchdog = new GilWatchdog(engine, Duration.ofMillis(200), Duration.ofHours(1));
        watchdog.start();
        CompletableFuture<Object> hog = engine.callAsync("watchdog_aio", "hogs_the_loop");
        try {
            assertThat(eventually(() -> warnings().stream().anyMatch(w -> w.contains("asyncio loop")))).isTrue();
            watchdog.check(); // the same stall, polled again: no second warning
        } finally {
            engine.runWithGil(gil -> gil.exec("watchdog_aio.release.set()"));
            assertThat(hog.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            watchdog.stop();
        }
        List<String> stalls = warnings().stream().filter(w -> w.contains("asyncio loop")).toList();
        assertThat(stalls).hasSize(1);
        assertThat(stalls.get(0)).contains("has not run for at least").contains("in hogs_the_loop");
    }

    @Test
    void aSecondLongHoldWithinTheIntervalIsNotLogged() throws Exception {
        GilWatchdog watchdog = new GilWatchdog(engine, Duration.ofMillis(100), Duration.ofHours(1));
        for (String thread : new String[] {"first-holder", "second-holder"}) {
            CountDownLatch letGo = new CountDownLatch(1);
            CompletableFuture<Void> holder = holdInJava(thread, null, letGo);
            try {
                assertThat(eventually(() -> engine.gilStatus().holder()
                        .filter(h -> h.heldFor().toMillis() >= 100).isPresent())).isTrue();
                watchdog.check();
            } finally {
                letGo.countDown();
                holder.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).contains("'first-holder'");
    }

    @Test
    void aZeroThresholdTurnsTheWatchdogOff() {
        GilWatchdog watchdog = new GilWatchdog(engine, Duration.ZERO, Duration.ofSeconds(30));
        watchdog.start();
        assertThat(watchdog.isRunning()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("pyembed-gil-watchdog"));
    }

    private CompletableFuture<Void> holdInJava(String threadName, String label, CountDownLatch letGo) {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Void> holder = onThread(threadName, () -> {
            try (Gil gil = engine.acquireGil(null, label)) {
                holding.countDown();
                letGo.await(30, TimeUnit.SECONDS); // Java code in the scope: the GIL is not handed over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return holder;
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
