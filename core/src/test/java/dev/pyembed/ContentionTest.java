package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ContentionTest {

    @Test
    void sixteenThreadsTimesTenThousandScopesCountExactly() throws Exception {
        int threads = 16;
        int scopesPerThread = 10_000;
        try (PythonEngine engine = TestEngines.builder().start()) {
            // next() on itertools.count is one C call: atomic under the GIL, so every scope counts exactly once.
            engine.runWithGil(gil -> gil.exec("import itertools\ncounter = itertools.count()"));
            PyObject next = engine.withGil(gil -> (PyObject) gil.eval("counter.__next__"));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < scopesPerThread; i++) {
                        try (Gil gil = engine.acquireGil()) {
                            next.call();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Object count = engine.withGil(gil -> next.call());
            assertThat(count).isEqualTo((long) threads * scopesPerThread);
        }
    }
}
