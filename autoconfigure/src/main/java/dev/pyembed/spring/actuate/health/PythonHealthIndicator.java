package dev.pyembed.spring.actuate.health;

import dev.pyembed.EngineState;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonStats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code python} health: UP when the engine is RUNNING and a GIL scope could be had within {@code timeout};
 * DOWN, saying why, when the engine is stopping, stopped or failed, or when a thread keeps the GIL longer than
 * {@code timeout}; UNKNOWN while the engine has not started yet (a lazily started engine starts on first use, so
 * it must not keep the application out of traffic).
 *
 * <p>The check is a bounded read of the interpreter's counters ({@link PythonEngine#stats(Duration)}): it takes a
 * real GIL scope, on the engine's snapshot thread, so that the caller waits at most {@code timeout} whoever holds
 * the GIL (a Python thread in C code included), and never runs Python on the caller's (possibly virtual) thread.
 */
public class PythonHealthIndicator implements HealthIndicator {

    private final PythonEngine engine;
    private final Duration timeout;

    public PythonHealthIndicator(PythonEngine engine, Duration timeout) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Health health() {
        EngineState state = engine.state();
        return switch (state) {
            case NEW -> Health.unknown().withDetail("state", state)
                    .withDetail("reason", "the engine has not started yet (a lazily started engine starts on first use)").build();
            case STARTING -> Health.unknown().withDetail("state", state).withDetail("reason", "the engine is starting").build();
            case RUNNING -> running();
            case STOPPING, STOPPED -> Health.down().withDetail("state", state)
                    .withDetail("reason", "the engine is " + state.name().toLowerCase(java.util.Locale.ROOT)).build();
            case FAILED -> Health.down().withDetail("state", state)
                    .withDetail("reason", "the engine failed to start: " + engine.failure()).build();
        };
    }

    private Health running() {
        long begin = System.nanoTime();
        try {
            PythonStats stats = engine.stats(timeout);
            return Health.up()
                    .withDetail("state", EngineState.RUNNING)
                    .withDetail("version", engine.runtime().version().toString())
                    .withDetail("uptimeMs", engine.uptime().toMillis())
                    .withDetail("gilWaitMs", (System.nanoTime() - begin) / 1_000_000)
                    .withDetail("pythonThreads", stats.pythonThreads())
                    .build();
        } catch (GilTimeoutException e) {
            Health.Builder down = Health.down().withDetail("state", EngineState.RUNNING);
            if (e.holderThread() != null) {
                down.withDetail("reason", "the GIL could not be taken within " + timeout.toMillis() + " ms: thread '"
                                + e.holderThread() + "' has held it for " + e.heldFor().toMillis() + " ms")
                        .withDetail("holder", e.holderThread());
            } else {
                down.withDetail("reason", "the GIL could not be taken within " + timeout.toMillis()
                        + " ms; no Java scope holds it (a Python thread runs C code that keeps it)");
            }
            return down.build();
        } catch (RuntimeException e) { // closed in between, or refused
            return Health.down(e).withDetail("state", engine.state()).build();
        }
    }
}
