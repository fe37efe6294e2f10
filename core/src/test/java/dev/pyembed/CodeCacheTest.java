package dev.pyembed;

import dev.pyembed.internal.engine.CodeCache;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code eval}/{@code exec} compile a source once ({@link CodeCache}) and still run it every time. */
class CodeCacheTest extends SharedEngineTest {

    @Test
    void aCachedSourceRunsAgainEveryTime() {
        engine.runWithGil(gil -> {
            gil.exec("calls = []");
            for (int i = 0; i < 3; i++) {
                gil.exec("calls.append(len(calls))");
            }
            assertThat(gil.eval("calls")).isEqualTo(List.of(0L, 1L, 2L));
            gil.exec("n = 1");
            assertThat(gil.eval("n * 2")).isEqualTo(2L);
            gil.exec("n = 5");
            assertThat(gil.eval("n * 2")).isEqualTo(10L);
            assertThat(gil.evalObject("n * 2").toJava()).isEqualTo(10L);
        });
    }

    @Test
    void syntaxErrorsAreReportedEveryTime() {
        engine.runWithGil(gil -> {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> gil.eval("1 +")).isInstanceOf(PythonException.class)
                        .hasMessageContaining("SyntaxError");
            }
        });
    }

    @Test
    void evictedSourcesRunAgainAndLongSourcesBypassTheCache() {
        engine.runWithGil(gil -> {
            for (int i = 0; i < CodeCache.MAX_ENTRIES * 3; i++) {
                assertThat(gil.eval(i + " + 1")).isEqualTo(i + 1L);
            }
            assertThat(gil.eval("0 + 1")).isEqualTo(1L);
            String longSource = "x = 0\n" + "x += 1\n".repeat(CodeCache.MAX_SOURCE_LENGTH / 7 + 1);
            gil.exec(longSource);
            gil.exec(longSource);
            assertThat(gil.eval("x")).isEqualTo(CodeCache.MAX_SOURCE_LENGTH / 7 + 1L);
        });
    }

    @Test
    void aSourceEvictedWhileItRunsOnAnotherThreadKeepsRunning() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        engine.register("pause_for_eviction", args -> { // releases the GIL while it waits (the default)
            inside.countDown();
            try {
                return evicted.await(30, TimeUnit.SECONDS) ? 41L : -1L;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Object> paused = executor.submit(() -> engine.withGil(gil ->
                    gil.eval("(lambda: __import__('pyembed').pause_for_eviction() + 1)()")));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            engine.runWithGil(gil -> {
                for (int i = 0; i < CodeCache.MAX_ENTRIES + 10; i++) {
                    gil.eval("'evict' + str(" + i + ")");
                }
            });
            evicted.countDown();
            assertThat(paused.get(30, TimeUnit.SECONDS)).isEqualTo(42L);
        } finally {
            executor.shutdownNow();
        }
    }
}
