package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million calls that each make a Python object Java holds: half closed, half left to the garbage collector. Python's
 * allocated memory blocks end where they started (within a bound), so nothing leaks either way.
 */
class ReferenceLeakTest {

    private static final int CALLS = 1_000_000;
    private static final int PER_SCOPE = 10_000;
    private static final long BOUND_BLOCKS = 20_000;

    @Test
    void closedAndForgottenReferencesAreAllReleased() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            PyObject make = engine.withGil(gil -> gil.evalObject("lambda i: object()"));
            PyObject allocatedBlocks = engine.withGil(gil -> gil.evalObject("__import__('sys').getallocatedblocks"));
            long before = blocksAfterCollecting(engine, allocatedBlocks);
            long liveBefore = engine.liveObjects();
            for (int done = 0; done < CALLS; done += PER_SCOPE) {
                int start = done;
                engine.runWithGil(gil -> {
                    for (int i = start; i < start + PER_SCOPE; i++) {
                        PyObject made = (PyObject) make.call(i);
                        if (i % 2 == 0) {
                            made.close();
                        } // else: dropped; the Cleaner queues it and the next scope releases it
                    }
                });
            }
            long after = awaitReleased(engine, allocatedBlocks, before + BOUND_BLOCKS, liveBefore);
            assertThat(after).as("Python memory blocks after %d objects (before: %d)", CALLS, before)
                    .isLessThanOrEqualTo(before + BOUND_BLOCKS);
            assertThat(engine.liveObjects()).as("PyObjects Java still holds").isEqualTo(liveBefore);
        }
    }

    private static long blocksAfterCollecting(PythonEngine engine, PyObject allocatedBlocks) {
        return engine.withGil(gil -> {
            gil.exec("import gc; gc.collect()");
            return (Long) allocatedBlocks.call();
        });
    }

    /**
     * Collects Java garbage (so the Cleaner queues what was dropped) until Python is back under {@code target} and Java
     * holds no more than {@code liveTarget} PyObjects: both conditions the test checks, each reached only once the
     * Cleaner has run for every dropped object (on a loaded machine that is many collections later), bounded.
     */
    private static long awaitReleased(PythonEngine engine, PyObject allocatedBlocks, long target, long liveTarget) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long blocks = blocksAfterCollecting(engine, allocatedBlocks);
        while ((blocks > target || engine.liveObjects() > liveTarget) && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // let the Cleaner thread run its queue
            blocks = blocksAfterCollecting(engine, allocatedBlocks); // the scope drains the release queue
        }
        return blocks;
    }
}
