package dev.pyembed.sample.score;

/**
 * {@code GET /api/stats}: rolling statistics that the Python thread {@code stats-updater} publishes every
 * {@code risk.model.stats-interval}.
 *
 * @param count         scores given since start
 * @param windowSeconds the window of the next four values
 * @param windowCount   scores given in the window
 * @param meanScore     their mean, {@code null} when none
 * @param p95Score      their 95th percentile, {@code null} when none
 * @param ratePerMinute scores per minute in the window
 * @param dropped       scores not counted because the queue was full
 * @param updates       snapshots published since start: it grows by one per interval while the thread runs
 * @param updatedAt     when this snapshot was published (UTC, ISO-8601)
 * @param updaterAlive  whether the {@code stats-updater} thread is running
 * @param backend       the model's backend
 */
public record ScoreStats(long count, double windowSeconds, long windowCount, Double meanScore, Double p95Score,
                         double ratePerMinute, long dropped, long updates, String updatedAt, boolean updaterAlive,
                         String backend) {
}
