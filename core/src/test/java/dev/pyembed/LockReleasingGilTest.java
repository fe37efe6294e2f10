package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deadlock: A holds the GIL and waits for a Java lock; B holds that lock and waits for the GIL.
 * {@link Gil#lockReleasingGil} waits for the lock with the GIL released, so B finishes and A gets the lock.
 */
class LockReleasingGilTest extends SharedEngineTest {

    @Test
    void withLockReleasingGilBothThreadsFinish() throws Exception {
        assertThat(runScenario(true).get(10, TimeUnit.SECONDS)).isEqualTo("A done");
    }

    @Test
    void withAPlainLockTheThreadsDeadlock() throws Exception {
        Lock lock = new ReentrantLock();
        CompletableFuture<String> a = scenario(false, lock);
        assertThatThrownBy(() -> a.get(2, TimeUnit.SECONDS)).as("deadlocked").isInstanceOf(TimeoutException.class);
        // Break the deadlock so the engine can close: B cannot stop waiting for the GIL, so interrupt A's lock
        // wait; A leaves its scope and B gets the GIL.
        aThread.interrupt();
        assertThat(a.handle((r, e) -> e).get(10, TimeUnit.SECONDS)).isNotNull();
    }

    private static volatile Thread aThread;

    private static CompletableFuture<String> runScenario(boolean releasing) throws InterruptedException {
        return scenario(releasing, new ReentrantLock());
    }

    private static CompletableFuture<String> scenario(boolean releasing, Lock lock) throws InterruptedException {
        CountDownLatch aHoldsGil = new CountDownLatch(1);
        CountDownLatch bHoldsLock = new CountDownLatch(1);
        Thread b = new Thread(() -> {
            lock.lock();
            try {
                bHoldsLock.countDown();
                awaitQuietly(aHoldsGil);
                engine.runWithGil(gil -> gil.eval("'B ran Python'")); // waits for the GIL
            } finally {
                lock.unlock();
            }
        }, "B");
        CompletableFuture<String> a = new CompletableFuture<>();
        aThread = new Thread(() -> {
            try (Gil gil = engine.acquireGil()) {
                aHoldsGil.countDown();
                awaitQuietly(bHoldsLock);
                if (releasing) {
                    gil.lockReleasingGil(lock);
                } else {
                    lock.lockInterruptibly();
                }
                try {
                    a.complete("A done");
                } finally {
                    lock.unlock();
                }
            } catch (Throwable e) {
                a.completeExceptionally(e);
            }
        }, "A");
        b.setDaemon(true);
        aThread.setDaemon(true);
        b.start();
        aThread.start();
        return a;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
