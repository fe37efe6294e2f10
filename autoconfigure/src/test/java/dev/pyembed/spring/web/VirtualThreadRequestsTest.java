package dev.pyembed.spring.web;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
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

/**
 * {@code spring.threads.virtual.enabled=true}: Tomcat serves each request on a virtual thread. 1,000 concurrent
 * requests through a @WithGil service all succeed and the counter matches; the service body runs on the engine's
 * platform threads ({@code pyembed-gil-worker}), never on a virtual thread. JDK 21+ only (the class is skipped,
 * before its context starts, on older JDKs).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@SpringBootTest(classes = CounterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pyembed.scripts=classpath:scripts/counter.py", "spring.threads.virtual.enabled=true",
                "server.tomcat.accept-count=1000"})
class VirtualThreadRequestsTest {

    private static final int REQUESTS = 1_000;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("pyembed.runtime", TestRuntime::name);
    }

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    @Test
    void aThousandConcurrentRequestsOnVirtualThreadsAllSucceedAndTheCounterMatches() throws Exception {
        try (HttpRequests http = new HttpRequests()) {
            List<HttpRequests.CounterAnswer> answers = http.nextValues(port, REQUESTS, Duration.ofSeconds(300));
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.kind()).as("the request ran on a virtual thread").isEqualTo("virtual");
                assertThat(answer.thread()).as("the @WithGil body ran on a platform thread of the engine")
                        .isEqualTo("pyembed-gil-worker");
            });
            List<Long> values = answers.stream().map(HttpRequests.CounterAnswer::value).toList();
            assertThat(values).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, REQUESTS).boxed().toList());
            assertThat(eval(engine, "next(counter)")).isEqualTo((long) REQUESTS + 1);
        }
    }
}
