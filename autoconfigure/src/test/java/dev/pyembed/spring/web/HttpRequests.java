package dev.pyembed.spring.web;

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

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
