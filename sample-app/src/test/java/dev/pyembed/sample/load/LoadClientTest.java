package dev.pyembed.sample.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The load client's bounds and its reading of the GIL metrics (no server needed). */
class LoadClientTest {

    @Test
    void targetsOnlyThisMachine() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--url", "http://10.1.2.3:8080"}))
                .withMessageContaining("--url must point at this machine");
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--url", "https://localhost:8080"}))
                .withMessageContaining("--url must be http://HOST:PORT");
        LoadClient.parse(new String[]{"--url", "http://127.0.0.1:9090"});
        LoadClient.parse(new String[]{"--url=http://localhost:9090"});
    }

    @Test
    void isBoundedInClientsTimeAndRequests() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--clients", "257"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--clients", "0"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--duration", "301s"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--duration", "0s"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--max-requests", "5000001"}));
        assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.parse(new String[]{"--threads", "4"}))
                .withMessage("unknown option --threads");
        LoadClient.parse(new String[]{"--clients", "256", "--duration", "5m", "--max-requests", "5000000"});
    }

    @Test
    void badArgumentsExitWith2AndUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LoadClient.run(new String[]{"--clients", "many"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: load");
    }

    @Test
    void summarizesWhatTheGilMetricsMovedBy() {
        String before = """
                # HELP python_gil_wait_seconds time waited
                python_gil_wait_seconds_count{method="RiskScoringService.score",origin="java"} 10
                python_gil_wait_seconds_sum{method="RiskScoringService.score",origin="java"} 0.5
                python_gil_hold_seconds_count{method="RiskScoringService.score",origin="java"} 10
                python_gil_hold_seconds_sum{method="RiskScoringService.score",origin="java"} 0.01
                http_server_requests_seconds_count{uri="/api/score"} 10
                """;
        String after = """
                python_gil_wait_seconds_count{method="RiskScoringService.score",origin="java"} 1010
                python_gil_wait_seconds_sum{method="RiskScoringService.score",origin="java"} 1.5
                python_gil_wait_seconds_count{method="none",origin="java"} 1000
                python_gil_wait_seconds_sum{method="none",origin="java"} 1.0
                python_gil_wait_seconds_max{method="RiskScoringService.score",origin="java"} 0.0125
                python_gil_wait_seconds_max{method="none",origin="java"} 0.002
                python_gil_hold_seconds_count{method="RiskScoringService.score",origin="java"} 2010
                python_gil_hold_seconds_sum{method="RiskScoringService.score",origin="java"} 0.41
                python_gil_timeouts_total{method="RiskScoringService.score",origin="java"} 3.0
                """;
        Map<String, Double> totals = LoadClient.gilTotals(after);
        assertThat(totals).containsEntry("python_gil_wait_seconds_count", 2010.0).containsEntry("python_gil_wait_seconds_max", 0.0125)
                .doesNotContainKey("http_server_requests_seconds_count");
        assertThat(LoadClient.describeGil(LoadClient.gilTotals(before), totals)).isEqualTo(
                "GIL during the run (python_gil_* in /actuator/prometheus): 2000 holds, mean 0.200 ms;"
                        + " 2000 waits, mean 1.000 ms, max 12.5 ms; 3 timeouts");
        assertThat(LoadClient.describeGil(Map.of(), LoadClient.gilTotals(before.lines().filter(l -> !l.startsWith("python"))
                .reduce("", (a, b) -> a + b + "\n")))).isEqualTo("GIL: no python_gil_* metrics in /actuator/prometheus");
    }
}
