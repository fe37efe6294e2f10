package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gilHolder()}/{@code gilHoldAge()} without time tracking (no listener, no {@code gilStatus()} in this JVM):
 * a long hold is still seen, with its label and a growing age, while the scopes read no clock.
 */
class GilHolderPollingTest extends SharedEngineTest {

    @Test
    void aLongHoldIsSeenByPollingWithoutTimeTracking() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (Gil gil = engine.acquireGil(null, "Test.longHold")) {
                holding.countDown();
                letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Optional<GilStatus.Holder> first = engine.gilHolder();
            assertThat(first).hasValueSatisfying(h -> assertThat(h.label()).isEqualTo("Test.longHold"));
            assertThat(poll(() -> engine.gilHoldAge().compareTo(Duration.ofMillis(50)) >= 0))
                    .as("the same hold, polled again, has aged").isTrue();
            assertThat(engine.gilHolder()).hasValueSatisfying(h -> {
                assertThat(h.heldFor()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
                assertThat(h.javaStack()).anyMatch(frame -> frame.getClassName().contains("CountDownLatch"));
            });
        } finally {
            letGo.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
        assertThat(engine.gilHolder()).isEmpty();
        assertThat(engine.gilHoldAge()).isZero();
        try (Gil gil = engine.acquireGil(null, "Test.nextHold")) {
            assertThat(engine.gilHoldAge()).as("a new hold starts from zero").isLessThan(Duration.ofMillis(50));
        }
    }

    private static boolean poll(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
