package dev.pyembed.spring.metrics;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard as a file: provisioned from a file it needs no import step (a datasource variable, no
 * {@code ${DS_...}} input), ratios stay per instance (never summed past 100 %), the sub-interpreter meters have a
 * panel. (PrometheusScrapeTest runs its queries against a real Prometheus.)
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("../src/grafana/pyembed-dashboard.json");

    @Test
    void everyPanelUsesTheDatasourceVariable() throws IOException {
        String text = Files.readString(DASHBOARD);
        assertThat(text).doesNotContain("${DS_");
        JsonNode dashboard = new ObjectMapper().readTree(text);
        assertThat(dashboard.has("__inputs")).isFalse();
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("type").asString() + ":" + v.path("name").asString()));
        assertThat(variables).contains("datasource:datasource");
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.has("targets")) {
                assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
                        .isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void ratiosAreNotSummedAcrossInstances() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        int ratios = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"percentunit".equals(panel.path("fieldConfig").path("defaults").path("unit").asString())) {
                continue;
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                if (expr.startsWith("sum")) {
                    ratios++;
                    assertThat(expr).as(panel.path("title").asString()).startsWith("sum by (instance");
                }
            }
        }
        assertThat(ratios).as("the GIL busy panel").isPositive();
    }

    @Test
    void theSubInterpreterMetersHaveAPanel() throws IOException {
        String text = Files.readString(DASHBOARD);
        assertThat(text).contains("python_interpreter_calls_seconds_count").contains("python_interpreter_errors_total")
                .contains("python_interpreter_queued");
    }
}
