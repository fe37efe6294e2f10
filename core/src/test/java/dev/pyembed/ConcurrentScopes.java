package dev.pyembed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Many threads opening many GIL scopes at once, each counting once in Python: the count says none was lost. */
final class ConcurrentScopes {

    private ConcurrentScopes() {
    }

    /** Runs {@code threads x scopesPerThread} scopes, all threads released together; returns Python's count. */
    static Object count(PythonEngine engine, int threads, int scopesPerThread) throws Exception {
        // next() on itertools.count is one C call: atomic under the GIL, so every scope counts exactly once.
        engine.runWithGil(gil -> gil.exec("import itertools\ncounter = itertools.count()"));
        PyObject next = engine.withGil(gil -> gil.evalObject("counter.__next__"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
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
        } finally {
            pool.shutdownNow();
        }
        return engine.withGil(gil -> next.call());
    }
}
