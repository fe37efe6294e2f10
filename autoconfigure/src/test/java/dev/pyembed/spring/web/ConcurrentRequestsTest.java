package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
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
            List<HttpRequests.CounterAnswer> answers = http.nextValues(port, REQUESTS, Duration.ofSeconds(120));
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.kind()).as("Tomcat's request threads are platform threads here").isEqualTo("platform");
                assertThat(answer.thread()).as("the @WithGil body runs on the request thread").startsWith("http-nio-");
            });
            List<Long> values = answers.stream().map(HttpRequests.CounterAnswer::value).toList();
            assertThat(values).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, REQUESTS).boxed().toList());
            assertThat(eval(engine, "next(counter)")).isEqualTo((long) REQUESTS + 1);
        }
    }
}
