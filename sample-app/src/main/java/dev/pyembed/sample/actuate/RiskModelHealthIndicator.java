package dev.pyembed.sample.actuate;

import dev.pyembed.sample.score.ScoreStats;
import dev.pyembed.sample.score.RiskScoringService;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code riskModel} in {@code /actuator/health}: UP while the model answers and its {@code stats-updater} thread
 * runs, with the backend and the number of statistics updates (which grows by one per second).
 */
@Component
class RiskModelHealthIndicator extends AbstractHealthIndicator {

    private final RiskScoringService scoring;

    RiskModelHealthIndicator(RiskScoringService scoring) {
        super("risk model health check failed");
        this.scoring = scoring;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ScoreStats stats = scoring.stats();
        (stats.updaterAlive() ? builder.up() : builder.down().withDetail("reason", "the Python thread stats-updater is not running"))
                .withDetail("backend", stats.backend())
                .withDetail("statsUpdates", stats.updates())
                .withDetail("scored", stats.count());
    }
}
