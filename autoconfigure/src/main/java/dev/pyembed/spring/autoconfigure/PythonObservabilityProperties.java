package dev.pyembed.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code pyembed.observability.*}: the bounds of what the metrics, the {@code python} Actuator endpoint, the
 * {@code python} health indicator and the long-hold watchdog do. The watchdog's threshold itself is
 * {@code pyembed.gil.hold-warning}.
 */
@ConfigurationProperties("pyembed.observability")
public class PythonObservabilityProperties {

    /**
     * How long /actuator/python waits for the GIL to take its snapshot of the Python threads and the interpreter's
     * counters. When a thread keeps the GIL longer, the endpoint answers without them and says who holds the GIL.
     */
    private Duration snapshotTimeout = Duration.ofSeconds(1);

    /**
     * How long the python health check waits for the GIL. When it cannot take it in time, health is DOWN with the
     * thread that holds it.
     */
    private Duration healthTimeout = Duration.ofSeconds(1);

    /**
     * How long a metrics scrape waits for the interpreter's counters (python.threads, python.gc.collections,
     * python.memory.blocks); when the GIL is busy longer, the last values read are reported.
     */
    private Duration statsTimeout = Duration.ofMillis(100);

    /**
     * How many distinct GIL scope labels (the "SimpleClassName.method" of @WithGil methods) get their own method tag;
     * the labels seen after that share the tag value "other", so that a label per request cannot flood the registry.
     */
    private int maxMethodTags = 100;

    /**
     * The least time between two long-hold warnings (pyembed.gil.hold-warning): the holds in between are counted and
     * reported with the next warning.
     */
    private Duration holdWarningInterval = Duration.ofSeconds(30);

    public Duration getSnapshotTimeout() {
        return snapshotTimeout;
    }

    public void setSnapshotTimeout(Duration snapshotTimeout) {
        if (snapshotTimeout != null && snapshotTimeout.isNegative()) {
            throw new IllegalArgumentException("pyembed.observability.snapshot-timeout must not be negative, was " + snapshotTimeout);
        }
        this.snapshotTimeout = snapshotTimeout;
    }

    public Duration getHealthTimeout() {
        return healthTimeout;
    }

    public void setHealthTimeout(Duration healthTimeout) {
        if (healthTimeout != null && healthTimeout.isNegative()) {
            throw new IllegalArgumentException("pyembed.observability.health-timeout must not be negative, was " + healthTimeout);
        }
        this.healthTimeout = healthTimeout;
    }

    public Duration getStatsTimeout() {
        return statsTimeout;
    }

    public void setStatsTimeout(Duration statsTimeout) {
        if (statsTimeout != null && statsTimeout.isNegative()) {
            throw new IllegalArgumentException("pyembed.observability.stats-timeout must not be negative, was " + statsTimeout);
        }
        this.statsTimeout = statsTimeout;
    }

    public int getMaxMethodTags() {
        return maxMethodTags;
    }

    public void setMaxMethodTags(int maxMethodTags) {
        this.maxMethodTags = maxMethodTags;
    }

    public Duration getHoldWarningInterval() {
        return holdWarningInterval;
    }

    public void setHoldWarningInterval(Duration holdWarningInterval) {
        if (holdWarningInterval != null && holdWarningInterval.isNegative()) {
            throw new IllegalArgumentException("pyembed.observability.hold-warning-interval must not be negative, was " + holdWarningInterval);
        }
        this.holdWarningInterval = holdWarningInterval;
    }
}
