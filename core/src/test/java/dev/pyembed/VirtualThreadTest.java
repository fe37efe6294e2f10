package dev.pyembed;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On Java 21+: virtual threads never hold a CPython thread state; withGil runs their work on a platform thread. */
class VirtualThreadTest {

    @BeforeAll
    static void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
    }

    @Test
    void acquireGilOnAVirtualThreadIsRefusedNamingWithGil() throws Exception {
        ExecutorService virtual = newVirtualThreadPerTaskExecutor();
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object error = virtual.submit(() -> {
                try (Gil gil = engine.acquireGil()) {
                    return "acquired";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(error).asString().contains("virtual thread").contains("withGil");
        } finally {
            virtual.shutdownNow();
        }
    }

    @Test
    void aThousandVirtualThreadsUseWithGil() throws Exception {
        ExecutorService virtual = newVirtualThreadPerTaskExecutor();
        try (PythonEngine engine = TestEngines.builder().start()) {
            engine.runWithGil(gil -> gil.exec("import itertools\ncalls = itertools.count()"));
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                results.add(virtual.submit(() -> engine.withGil(gil -> {
                    gil.eval("next(calls)");
                    return gil.eval(n + " + 1");
                })));
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1L);
            }
            Object calls = engine.withGil(gil -> gil.eval("next(calls)"));
            assertThat(calls).isEqualTo(1000L);
        } finally {
            virtual.shutdownNow();
        }
    }

    @Test
    void withGilOnAVirtualThreadAfterCloseIsRefusedLikeEveryOtherCall() throws Exception {
        ExecutorService virtual = newVirtualThreadPerTaskExecutor();
        try {
            PythonEngine engine = TestEngines.builder().start();
            assertThat(virtual.submit(() -> engine.withGil(gil -> gil.eval("1"))).get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            engine.close();
            Object error = virtual.submit(() -> {
                try {
                    return engine.withGil(gil -> gil.eval("1"));
                } catch (RuntimeException e) {
                    return e;
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(IllegalStateException.class);
            assertThat(((Exception) error).getMessage()).contains("closed");
        } finally {
            virtual.shutdownNow();
        }
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() throws Exception {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
