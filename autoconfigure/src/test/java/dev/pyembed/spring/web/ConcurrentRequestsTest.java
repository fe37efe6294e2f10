package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/** 64 concurrent HTTP requests through a @WithGil service on a real Tomcat: all succeed, the Python counter matches. */
@SpringBootTest(classes = CounterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pyembed.scripts=classpath:scripts/counter.py")
class ConcurrentRequestsTest {

    private static final int REQUESTS = 64;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("pyembed.runtime", TestRuntime::name);
    }

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    @Test
    void sixtyFourConcurrentRequestsAllSucceedAndTheCounterMatches() throws Exception {
        try (HttpRequests http = new HttpRequests()) {
            List<CompletableFuture<HttpResponse<String>>> responses = http.send(URI.create("http://localhost:" + port + "/next"), REQUESTS);
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            List<Long> values = responses.stream().map(CompletableFuture::join).map(response -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                String[] fields = response.body().split(" ");
                assertThat(fields[2]).as("Tomcat's request threads are platform threads here").isEqualTo("platform");
                assertThat(fields[1]).as("the @WithGil body runs on the request thread").startsWith("http-nio-");
                return Long.parseLong(fields[0]);
            }).toList();
            assertThat(values).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, REQUESTS).boxed().toList());
            assertThat(eval(engine, "next(counter)")).isEqualTo((long) REQUESTS + 1);
        }
    }
}
