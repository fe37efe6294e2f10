package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closing the engine with coroutines pending ends them within the shutdown timeout, their finally blocks run. */
class AsyncShutdownTest {

    @Test
    void closeCancelsPendingCoroutinesAndRunsTheirFinallyBlocks() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch finallyRan = new CountDownLatch(3);
        CompletableFuture<?>[] pending = new CompletableFuture<?>[3];
        PythonEngine engine = TestEngines.builder().shutdownTimeout(Duration.ofSeconds(10)).start();
        try {
            engine.register("started", args -> {
                started.countDown();
                return null;
            });
            engine.register("finally_ran", args -> {
                finallyRan.countDown();
                return null;
            });
            engine.runWithGil(gil -> gil.exec("""
                    import asyncio, pyembed, sys, types
                    m = types.ModuleType('aio_close')
                    sys.modules['aio_close'] = m
                    async def forever():
                        pyembed.started()
                        try:
                            await asyncio.sleep(3600)
                        finally:
                            pyembed.finally_ran()
                    m.forever = forever
                    """));
            for (int i = 0; i < pending.length; i++) {
                pending[i] = engine.callAsync("aio_close", "forever");
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue(); // inside their try blocks
        } finally {
            long closing = System.nanoTime();
            engine.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(11));
        }
        assertThat(finallyRan.getCount()).as("every coroutine's finally block ran before close returned").isZero();
        for (CompletableFuture<?> future : pending) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        }
        assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
        assertThatThrownBy(() -> engine.callAsync("aio_close", "forever")).isInstanceOf(IllegalStateException.class);
    }
}
