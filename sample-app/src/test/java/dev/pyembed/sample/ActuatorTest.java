package dev.pyembed.sample;

import dev.pyembed.sample.load.LoadClient;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Actuator endpoints the README shows: health (with the risk model's own indicator), prometheus (the sample's
 * metrics), info (which model and backend run), python (the {@code stats-updater} thread and its stack), and the load
 * client that reads them.
 */
@SampleAppTest
class ActuatorTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void healthIsUpWithTheRiskModel() {
        HttpResponse<String> response = new Http(port).get("/actuator/health");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = Http.json(response);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode riskModel = health.get("components").get("riskModel");
        assertThat(riskModel.get("status").asString()).isEqualTo("UP");
        assertThat(riskModel.get("details").get("backend").asString()).isIn("python", "numpy");
    }

    @Test
    void infoSaysWhichModelAndBackendRun() {
        JsonNode info = Http.json(new Http(port).get("/actuator/info"));
        JsonNode riskModel = info.get("riskModel");
        assertThat(riskModel.get("modelVersion").asString()).isEqualTo(new RiskModelInJava().version());
        assertThat(riskModel.get("backend").asString()).isIn("python", "numpy");
        assertThat(riskModel.get("backendReason").asString()).isNotBlank();
        assertThat(riskModel.get("python").asString()).startsWith("CPython ");
    }

    @Test
    void prometheusHasTheSampleMetrics() {
        Http http = new Http(port);
        assertThat(http.postJson("/api/score", new Applicant("C-1042", 52_000, 18_000, 37, 6).json()).statusCode()).isEqualTo(200);

        HttpResponse<String> response = http.get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
                .contains("risk_score_count{band=\"low\"}")
                .contains("risk_history_lookups_active ")
                .containsPattern("http_server_requests_seconds_count\\{.*uri=\"/api/score\".*} [1-9]")
                // the dashboard's GIL wait p50/p99 panel reads the histogram buckets
                .containsPattern("python_gil_wait_seconds_bucket\\{.*le=\"\\+Inf\".*} [1-9]");
    }

    @Test
    void pythonEndpointShowsTheStatsUpdaterInUpdateStats() {
        assumeTrue(pythonEndpointExists(), "no @Endpoint(id = \"python\") bean in this build of the starter");

        HttpResponse<String> response = new Http(port).get("/actuator/python");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(findThread(Http.json(response))).as("a thread 'stats-updater' with update_stats in its stack in %s",
                response.body()).isTrue();
        if (Http.json(response).get("runtime").get("source").asString().equals("embedded")) {
            List<String> packages = new java.util.ArrayList<>();
            Http.json(response).get("runtime").get("packages").forEach(p ->
                    packages.add(p.get("id").asString() + " " + p.get("version").asString() + " " + p.get("pythonTag").asString()));
            assertThat(packages).as(response.body()).containsExactlyInAnyOrder("numpy 2.4.2 cp314", "scipy 1.17.0 cp314");
        }
    }

    @Test
    void theLoadClientReportsThroughputAndPercentiles() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LoadClient.run(new String[]{"--url", "http://localhost:" + port, "--clients", "4", "--duration", "2s"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed)
                .containsPattern("requests: ([1-9][0-9]*) sent, \\1 ok \\(200\\), 0 failed")
                .containsPattern("throughput: [0-9.]+ requests/s")
                .containsPattern("latency ms: p50 [0-9.]+  p95 [0-9.]+  p99 [0-9.]+  max [0-9.]+")
                .contains("service /api/stats: {\"count\":")
                .containsPattern("GIL(: no python_gil_\\* metrics| during the run)");
    }

    private boolean pythonEndpointExists() {
        for (Map.Entry<String, Object> bean : context.getBeansWithAnnotation(Endpoint.class).entrySet()) {
            MergedAnnotation<Endpoint> endpoint = MergedAnnotations.from(AopUtils.getTargetClass(bean.getValue()),
                    MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).get(Endpoint.class);
            if (endpoint.isPresent() && "python".equals(endpoint.getString("id"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some JSON object in {@code node} names the thread {@code stats-updater} and has update_stats in a text. */
    private static boolean findThread(JsonNode node) {
        if (node.isObject()) {
            boolean named = false;
            boolean inUpdateStats = false;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                named |= value.isString() && value.asString().equals("stats-updater");
                inUpdateStats |= value.toString().contains("update_stats");
            }
            if (named && inUpdateStats) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (findThread(child)) {
                return true;
            }
        }
        return false;
    }
}
