package dev.pyembed.sample;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonThreadInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/stats} is kept up to date by a Python thread, {@code stats-updater} (a daemon running
 * {@code update_stats}), from a queue that the requests feed: while requests run its numbers advance once per
 * second, and once they stop it has counted every score given, with their mean and 95th percentile.
 */
@SampleAppTest
class StatsTest {

    private static final int CLIENTS = 4;

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine python;

    @Test
    void statsAdvanceWhileRequestsRunAndCountEveryScore() throws Exception {
        Http http = new Http(port);
        JsonNode before = Http.json(http.get("/api/stats"));
        assertThat(before.get("updaterAlive").asBoolean()).isTrue();
        assertThat(before.get("count").asLong()).as("nothing scored yet in this application").isZero();
        assertThat(before.get("meanScore").isNull()).isTrue();

        List<Integer> scores = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        HttpResponse<String> response = http.postJson("/api/score", Applicant.varied(client, n).json());
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        scores.add(Http.json(response).get("score").asInt());
                    }
                    return null;
                }));
            }
            // while the requests run, the snapshot moves: two more updates, each with more scores counted
            long[] seen = {before.get("updates").asLong(), 0};
            for (int step = 0; step < 2; step++) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    JsonNode now = Http.json(http.get("/api/stats"));
                    assertThat(now.get("updates").asLong()).isGreaterThan(seen[0]);
                    assertThat(now.get("count").asLong()).isGreaterThan(seen[1]);
                    seen[0] = now.get("updates").asLong();
                    seen[1] = now.get("count").asLong();
                });
            }
        } finally {
            running.set(false);
            clients.shutdown();
        }
        for (Future<?> client : done) {
            client.get(); // rethrows a client's failed assertion
        }

        // every score given is counted, and the numbers are those of the scores the clients got
        int given = scores.size();
        JsonNode after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> Http.json(http.get("/api/stats")), stats -> stats.get("count").asLong() == given);
        List<Integer> sorted = new ArrayList<>(scores);
        Collections.sort(sorted);
        assertThat(after.get("windowCount").asLong()).isEqualTo(given);
        assertThat(after.get("meanScore").asDouble()).isCloseTo(sorted.stream().mapToInt(Integer::intValue).average().orElseThrow(), within(1e-9));
        assertThat(after.get("p95Score").asDouble()).isCloseTo(inclusiveQuantile95(sorted), within(1e-9));
        assertThat(after.get("ratePerMinute").asDouble()).isPositive();
        assertThat(after.get("dropped").asLong()).isZero();
        assertThat(after.get("updaterAlive").asBoolean()).isTrue();
    }

    @Test
    void theStatsUpdaterIsADaemonPythonThreadRunningUpdateStats() {
        List<PythonThreadInfo> threads = python.pythonThreads(Duration.ofSeconds(5));
        assertThat(threads).filteredOn(thread -> "stats-updater".equals(thread.name())).singleElement().satisfies(thread -> {
            assertThat(thread.daemon()).isTrue();
            assertThat(thread.stack()).contains("in update_stats");
        });
    }

    /** Python's {@code statistics.quantiles(data, n=20, method='inclusive')[18]}. */
    private static double inclusiveQuantile95(List<Integer> sorted) {
        int size = sorted.size();
        if (size == 1) {
            return sorted.get(0);
        }
        int m = size - 1;
        int j = 19 * m / 20;
        int delta = 19 * m - j * 20;
        return (sorted.get(j) * (20.0 - delta) + sorted.get(j + 1) * delta) / 20.0;
    }
}
