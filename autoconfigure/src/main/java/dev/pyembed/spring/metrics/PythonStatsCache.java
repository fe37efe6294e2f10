package dev.pyembed.spring.metrics;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The interpreter's counters for gauges: read through {@link PythonEngine#stats(Duration)} at most once per
 * {@code maxAge}, each read bounded by {@code timeout}; when the GIL cannot be had in time (or the engine is not
 * running) the last values stay. A scrape therefore never waits longer than {@code timeout}, and the several
 * gauges of one scrape share one read.
 */
final class PythonStatsCache {

    private static final Logger log = LoggerFactory.getLogger(PythonStatsCache.class);

    private final PythonEngine engine;
    private final Duration timeout;
    private final long maxAgeNanos;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile PythonStats last;
    private volatile long lastAttempt;
    private volatile boolean attempted;

    PythonStatsCache(PythonEngine engine, Duration timeout, Duration maxAge) {
        this.engine = engine;
        this.timeout = timeout;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The latest counters, or {@code null} when none could be read yet. */
    PythonStats get() {
        if (fresh() || !reading.tryLock()) {
            return last; // another thread is reading them now: do not wait for it
        }
        try {
            if (!fresh()) {
                lastAttempt = System.nanoTime();
                attempted = true;
                if (engine.state() == EngineState.RUNNING) {
                    last = engine.stats(timeout);
                }
            }
        } catch (RuntimeException e) {
            log.debug("pyembed: interpreter counters not read, the last values stay: {}", e.getMessage());
        } finally {
            reading.unlock();
        }
        return last;
    }

    /** Values read within {@code maxAge}; a failed first read is retried at once (no gauge reports NaN for longer). */
    private boolean fresh() {
        return attempted && last != null && System.nanoTime() - lastAttempt < maxAgeNanos;
    }
}
