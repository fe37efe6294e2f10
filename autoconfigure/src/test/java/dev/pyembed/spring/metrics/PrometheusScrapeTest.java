package dev.pyembed.spring.metrics;

import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.Http;
import dev.pyembed.spring.observability.ObservedApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.pyembed.spring.observability.TestEngine.onThread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server ({@code prometheus} on PATH or {@code /usr/bin/prometheus}; skipped, saying how to
 * install it, when there is none) scrapes {@code /actuator/prometheus} of a running application every second; after
 * a GIL workload its HTTP API must show {@code python_gil_wait_seconds_count} risen, a p99 computed from the
 * histogram buckets, and every series the Grafana dashboard queries.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,prometheus,python",
        "management.metrics.distribution.percentiles-histogram.python.gil.wait=true"})
@EnabledIf(value = "prometheusInstalled", disabledReason = "no Prometheus server: 'prometheus' is neither on PATH nor at"
        + " /usr/bin/prometheus (Debian/Ubuntu: apt-get install -y prometheus); the real-Prometheus scrape test is skipped")
class PrometheusScrapeTest {

    private static final Path DASHBOARD = Path.of("../src/grafana/pyembed-dashboard.json");
    private static final String LOAD = "PrometheusScrapeTest.work";
    private static Path prometheusBinary;

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    @Autowired
    ObservedApplication.Squares squares;

    private Process prometheus;
    private Path workDir;
    private int prometheusPort;

    /** The condition of this class: a Prometheus server to run. */
    static boolean prometheusInstalled() {
        prometheusBinary = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "prometheus")),
                        Stream.of(Path.of("/usr/bin/prometheus")))
                .filter(Files::isExecutable).findFirst().orElse(null);
        return prometheusBinary != null;
    }

    @AfterEach
    void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void prometheusSeesTheGilWaitsRiseAfterLoadAndEverySeriesTheDashboardQueries() throws Exception {
        startPrometheus();
        assertThat(poll("up{job=\"pyembed\"}", value -> value == 1)).as("Prometheus scrapes the application").isTrue();
        // Meters are registered at a label's first scope: let Prometheus see the series before the load, so that
        // rate() sees the load as an increase.
        engine.withGil(null, LOAD, gil -> gil.eval("1"));
        assertThat(poll("sum(python_gil_wait_seconds_count{method=\"" + LOAD + "\"})", value -> value >= 1)).isTrue();
        assertThat(poll("count(python_gil_wait_seconds_bucket{method=\"" + LOAD + "\"})", value -> value > 1))
                .as("histogram buckets (management.metrics.distribution.percentiles-histogram.python.gil.wait=true)").isTrue();
        assertThat(poll("count(python_gil_hold_age_seconds)", value -> value == 1))
                .as("the hold-age gauge under the name the Grafana dashboard queries").isTrue();
        double before = query("sum(python_gil_wait_seconds_count{method=\"" + LOAD + "\"})").orElseThrow();

        int scopes = gilLoad();

        assertThat(poll("sum(python_gil_wait_seconds_count{method=\"" + LOAD + "\"})", value -> value >= before + scopes))
                .as("python_gil_wait_seconds_count rose by the %d scopes of the load", scopes).isTrue();
        assertThat(poll("histogram_quantile(0.99, sum by (le) (rate(python_gil_wait_seconds_bucket{method=\"" + LOAD
                + "\"}[1m])))", value -> value > 0 && Double.isFinite(value)))
                .as("a p99 computed from the buckets, as the dashboard does").isTrue();
        // python.gil.hold has no histogram here: a FunctionTimer and its max gauge, under a Timer's series names.
        assertThat(poll("sum(python_gil_hold_seconds_count{method=\"" + LOAD + "\"})", value -> value >= scopes))
                .as("python_gil_hold_seconds_count (FunctionTimer) counted the %d scopes", scopes).isTrue();
        assertThat(poll("max(python_gil_hold_seconds_max{method=\"" + LOAD + "\"})", value -> value > 0))
                .as("python_gil_hold_seconds_max (the max gauge beside the FunctionTimer)").isTrue();
        assertThat(poll("sum(python_calls_seconds_count{method=\"Squares.square\", outcome=\"success\"})", value -> value >= 10))
                .as("python.calls of the @WithGil bean").isTrue();
        for (String series : dashboardSeries()) {
            assertThat(poll("count(" + series + ")", value -> value > 0)).as("the dashboard's %s is in Prometheus", series).isTrue();
        }
    }

    /** Four threads take the GIL 25 times each, while a fifth holds it now and then, so that they wait. */
    private int gilLoad() throws Exception {
        int threads = 4;
        int perThread = 25;
        engine.runWithGil(gil -> gil.exec("def scrape_test_work():\n    return sum(range(20000))"));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(onThread("scrape-load-" + i, () -> {
                awaitQuietly(go);
                for (int call = 0; call < perThread; call++) {
                    engine.withGil(null, LOAD, gil -> gil.eval("scrape_test_work()"));
                }
            }));
        }
        CompletableFuture<Void> holder = onThread("scrape-holder", () -> {
            awaitQuietly(go);
            for (int hold = 0; hold < 5; hold++) {
                try (Gil gil = engine.acquireGil(null, "PrometheusScrapeTest.hold")) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the workload: keep the GIL 20 ms
                }
            }
        });
        go.countDown();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        holder.get(60, TimeUnit.SECONDS);
        for (long x = 0; x < 10; x++) {
            assertThat(squares.square(x)).isEqualTo(x * x); // python.calls
        }
        return threads * perThread;
    }

    private void startPrometheus() throws IOException {
        workDir = Files.createTempDirectory("pyembed-prometheus");
        prometheusPort = freePort();
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: pyembed
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
        prometheus = new ProcessBuilder(prometheusBinary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready()) {
            if (!prometheus.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not become ready (exit " + (prometheus.isAlive() ? "-" : prometheus.exitValue())
                        + "):\n" + Files.readString(workDir.resolve("prometheus.log")));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // poll interval
        }
    }

    private boolean ready() {
        try {
            return Http.get("http://127.0.0.1:" + prometheusPort + "/-/ready").statusCode() == 200;
        } catch (IllegalStateException notListeningYet) {
            return false;
        }
    }

    /** Polls an instant query until its value satisfies {@code condition}, for at most 30 s (scrapes come every second). */
    private boolean poll(String expression, DoublePredicate condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            OptionalDouble value = query(expression);
            if (value.isPresent() && condition.test(value.getAsDouble())) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // poll interval
        }
        return false;
    }

    /** The sum of an instant query's values, or empty when it has none. */
    private OptionalDouble query(String expression) {
        HttpResponse<String> response = Http.get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("%s -> %s", expression, response.body()).isEqualTo(200);
        JsonNode result = Http.json(response).path("data").path("result");
        if (result.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (JsonNode series : result) {
            sum += Double.parseDouble(series.path("value").get(1).asString());
        }
        return OptionalDouble.of(sum);
    }

    /** The metric names the dashboard's queries use. */
    private static List<String> dashboardSeries() throws IOException {
        Matcher names = Pattern.compile("python_[a-z_]+").matcher(Files.readString(DASHBOARD));
        List<String> series = new ArrayList<>();
        while (names.find()) {
            // python_interpreter_*: only with a sub-interpreter pool (InterpreterPoolObservabilityTest has them)
            if (!series.contains(names.group()) && !names.group().startsWith("python_interpreter_")) {
                series.add(names.group());
            }
        }
        assertThat(series).isNotEmpty();
        return series;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
