package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose Python code loops for ever ends at its {@code @WithGil(deadline = "500ms")} with a clear timeout
 * response, its Python {@code finally} runs, and the service answers other requests throughout and afterwards.
 */
@SpringBootTest(classes = DeadlineApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=python"})
class CallDeadlineRequestsTest {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("pyembed.runtime", TestRuntime::name);
    }

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    @Autowired
    MeterRegistry registry;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestWhosePythonLoopsForEverEndsAtItsDeadlineAndTheServiceKeepsAnswering() throws Exception {
        assertThat(get("/answer").get(60, TimeUnit.SECONDS).body()).isEqualTo("42"); // the server is warm
        long begin = System.nanoTime();
        CompletableFuture<HttpResponse<String>> spinning = get("/spin");
        // Other requests are answered while the loop runs (CPython hands the GIL over at every switch interval).
        List<CompletableFuture<HttpResponse<String>>> meanwhile = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            meanwhile.add(get("/answer"));
        }
        HttpResponse<String> timedOut = spinning.get(60, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - begin) / 1_000_000;
        System.out.println("GET /spin (deadline 500 ms) answered after " + tookMs + " ms: " + timedOut.statusCode()
                + "; its Python code was stopped " + DeadlineApplication.SpinService.lastSpinMillis + " ms into the method");
        assertThat(timedOut.statusCode()).isEqualTo(503);
        assertThat(timedOut.body()).contains("Python call timed out").contains("deadline of PT0.5S")
                .contains("stopped at File");
        for (CompletableFuture<HttpResponse<String>> answer : meanwhile) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("42");
        }
        HttpResponse<String> after = get("/answer").get(60, TimeUnit.SECONDS);
        assertThat(after.body()).isEqualTo("42");
        assertThat(eval(engine, "spins_finished")).as("Python's finally ran").isEqualTo(1L);
        assertThat(engine.callsStoppedAtDeadline()).isEqualTo(1L);
        assertThat(registry.get("python.calls").tag("method", "SpinService.spin").tag("outcome", "timeout").functionTimer().count())
                .isEqualTo(1L);
        HttpResponse<String> actuator = get("/actuator/python").get(60, TimeUnit.SECONDS);
        assertThat(actuator.body()).contains("\"stoppedAtDeadline\":1").contains("\"pastDeadline\":[]");
    }
}
