package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PyObject that is the only owner of its Python object (a temporary from {@code evalObject}, the iterator behind a
 * for loop) stays reachable for as long as a native call uses its handle. Python code inside the call runs a Java
 * callback that releases the GIL and forces a garbage collection: had the JIT let the PyObject go, its weak reference
 * would be cleared there, and the decref that its Cleaner queues, drained by another thread's scope, would free the
 * Python object in the middle of the call (the refcount seen from inside drops). Enough rounds for the calls to be
 * JIT-compiled, where the JVM stops treating a local that is no longer used as reachable.
 */
class ReachabilityStressTest {

    private static final int ROUNDS = 12_000;
    /** Collections start once the calls had time to be compiled (before, the interpreter keeps every local alive). */
    private static final int COLLECT_FROM = 6_000;
    private static final int COLLECT_EVERY = 61;

    private static volatile WeakReference<PyObject> watched = new WeakReference<>(null);
    private static int round;
    private static int collections;
    private static int clearedDuringCall;

    @Test
    void temporariesStayAliveWhileNativeCallsUseThem() throws Exception {
        ExecutorService drainer = Executors.newSingleThreadExecutor();
        try (PythonEngine engine = TestEngines.builder().start()) {
            engine.register("collect", args -> {
                if (round >= COLLECT_FROM && round % COLLECT_EVERY == 0) {
                    collections++;
                    System.gc();
                    if (watched.get() == null) {
                        clearedDuringCall++;
                    }
                    // Another thread's scope drains whatever the Cleaner queued meanwhile.
                    drainer.submit(() -> engine.runWithGil(gil -> { })).get(30, TimeUnit.SECONDS);
                }
                return null;
            }, true);
            engine.runWithGil(gil -> gil.exec("""
                    import sys, pyembed
                    def check(obj):
                        before = sys.getrefcount(obj)
                        pyembed.collect()
                        return before - sys.getrefcount(obj)
                    class Probe:
                        def __getattr__(self, name):
                            return check(self)
                        def __call__(self):
                            return check(self)
                        def __len__(self):
                            return check(self)
                    class ProbeIter:
                        def __init__(self):
                            self.left = 2
                        def __iter__(self):
                            return self
                        def __next__(self):
                            if self.left == 0:
                                raise StopIteration
                            self.left -= 1
                            return check(self)
                    """));
            long droppedRefs = 0;
            for (round = 0; round < ROUNDS; round++) {
                droppedRefs += engine.withGil(gil -> oneRound(gil, round % 4));
            }
            assertThat(collections).as("collections forced inside calls")
                    .isGreaterThan((ROUNDS - COLLECT_FROM) / COLLECT_EVERY - 2);
            assertThat(clearedDuringCall).as("PyObjects found unreachable while a native call used them").isZero();
            assertThat(droppedRefs).as("references of Python objects dropped in the middle of a call").isZero();
        } finally {
            drainer.shutdownNow();
        }
    }

    /** One temporary, used once, in one of four ways; returns the references its Python object lost meanwhile. */
    private static long oneRound(Gil gil, int kind) {
        switch (kind) {
            case 0 -> {
                PyObject probe = watch(gil.evalObject("Probe()"));
                return (Long) probe.getAttr("anything").toJava();
            }
            case 1 -> {
                PyObject probe = watch(gil.evalObject("Probe()"));
                return (Long) probe.call();
            }
            case 2 -> {
                PyObject probe = watch(gil.evalObject("Probe()"));
                return probe.len();
            }
            default -> {
                long dropped = 0;
                for (Object value : watch(gil.evalObject("ProbeIter()"))) {
                    dropped += (Long) value;
                }
                return dropped;
            }
        }
    }

    private static PyObject watch(PyObject temporary) {
        watched = new WeakReference<>(temporary);
        return temporary;
    }
}
