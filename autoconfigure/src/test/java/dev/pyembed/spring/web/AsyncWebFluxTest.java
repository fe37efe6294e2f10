package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.gil.WithGil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/** WebFlux handlers whose Python is an async def: the response is written when the coroutine completes. */
@SpringBootTest(classes = AsyncWebFluxTest.AsyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "pyembed.scripts=classpath:scripts/async_model.py"})
class AsyncWebFluxTest {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("pyembed.runtime", TestRuntime::name);
    }

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    @Autowired
    org.springframework.context.ApplicationContext context;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void concurrentRequestsEachAwaitTheirCoroutine() throws Exception {
        assertThat(context).as("a reactive server, not Tomcat")
                .isInstanceOf(org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext.class);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(get("/quote/" + i));
        }
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = responses.get(i).get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("quote " + i);
        }
    }

    @Test
    void theResponseWaitsForTheCoroutineThroughAWithGilMethod() throws Exception {
        CompletableFuture<HttpResponse<String>> response = get("/gated");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Boolean.TRUE.equals(eval(engine, "__import__('sys').modules['async_model'].waiting()"))) {
            assertThat(System.nanoTime()).as("the coroutine reached its gate").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polls a condition
        }
        assertThat(response).as("no response while the coroutine waits").isNotDone();
        engine.callAsync("async_model", "open_gate").get(30, TimeUnit.SECONDS);
        assertThat(response.get(30, TimeUnit.SECONDS).body()).isEqualTo("through the gate");
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AsyncApplication {

        @Bean
        QuoteService quoteService(PythonEngine engine) {
            return new QuoteService(engine);
        }

        @Bean
        AsyncController asyncController(PythonEngine engine, QuoteService quotes) {
            return new AsyncController(engine, quotes);
        }
    }

    /** A @WithGil method returning the coroutine's future: the GIL is held only while the call is handed over. */
    @WithGil
    public static class QuoteService {
        private final PythonEngine engine;

        public QuoteService(PythonEngine engine) {
            this.engine = engine;
        }

        public CompletableFuture<Object> gated() {
            return engine.callAsync("async_model", "gated");
        }
    }

    @RestController
    static class AsyncController {
        private final PythonEngine engine;
        private final QuoteService quotes;

        AsyncController(PythonEngine engine, QuoteService quotes) {
            this.engine = engine;
            this.quotes = quotes;
        }

        @GetMapping("/quote/{n}")
        Mono<String> quote(@PathVariable long n) {
            return Mono.fromFuture(engine.callAsync("async_model", "quote", n)).map(Object::toString);
        }

        @GetMapping("/gated")
        Mono<String> gated() {
            return Mono.fromFuture(quotes.gated()).map(Object::toString);
        }
    }
}
