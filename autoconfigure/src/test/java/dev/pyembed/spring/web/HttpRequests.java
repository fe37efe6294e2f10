package dev.pyembed.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Fires many HTTP requests at once with java.net.http.HttpClient. */
final class HttpRequests implements AutoCloseable {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).executor(executor).build();

    List<CompletableFuture<HttpResponse<String>>> send(URI uri, int count) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).GET().build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return responses;
    }

    /** One answer of {@code GET /next}: the counter value, the thread the @WithGil body ran on, and its kind. */
    record CounterAnswer(long value, String thread, String kind) {
    }

    /**
     * Sends {@code count} concurrent {@code GET /next} and returns the answers, each checked to be a 200.
     */
    List<CounterAnswer> nextValues(int port, int count, Duration timeout) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = send(URI.create("http://localhost:" + port + "/next"), count);
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return responses.stream().map(CompletableFuture::join).map(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String[] fields = response.body().split(" ");
            return new CounterAnswer(Long.parseLong(fields[0]), fields[1], fields[2]);
        }).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
