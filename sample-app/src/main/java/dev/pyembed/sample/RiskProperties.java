package dev.pyembed.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code risk.*}: the sample service's own settings.
 *
 * @param model   the Python model
 * @param history the (simulated) customer history system
 * @param api     the HTTP API
 */
@ConfigurationProperties("risk")
public record RiskProperties(@DefaultValue Model model, @DefaultValue History history, @DefaultValue Api api) {

    /**
     * @param backend        'auto' (numpy when it can be imported, else standard-library Python), 'numpy' (fail at
     *                       start without it) or 'python'
     * @param statsInterval  how often the Python thread {@code stats-updater} publishes new statistics
     * @param statsWindow    the time window of the rolling statistics (mean, p95, rate)
     * @param stopTimeout    how long stopping waits for the {@code stats-updater} thread
     */
    public record Model(@DefaultValue("auto") String backend, @DefaultValue("1s") Duration statsInterval,
                        @DefaultValue("60s") Duration statsWindow, @DefaultValue("5s") Duration stopTimeout) {
    }

    /**
     * @param latency the simulated I/O time of one customer history look-up (Python waits for it with the GIL
     *                released)
     */
    public record History(@DefaultValue("20ms") Duration latency) {
    }

    /**
     * @param maxRequestSize a request body larger than this gets 413 Payload Too Large
     */
    public record Api(@DefaultValue("16KB") DataSize maxRequestSize) {
    }
}
