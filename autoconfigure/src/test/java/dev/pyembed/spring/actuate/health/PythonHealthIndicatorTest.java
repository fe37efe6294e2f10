package dev.pyembed.spring.actuate.health;

import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.Http;
import dev.pyembed.spring.observability.ObservedApplication;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.pyembed.spring.observability.TestEngine.onThread;
import static org.assertj.core.api.Assertions.assertThat;

/** The python health indicator, and its place in the readiness group, over real HTTP. */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always",
        "pyembed.observability.health-timeout=300ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // the last test closes the engine
class PythonHealthIndicatorTest {

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    // Boot's probe groups show no components: membership shows as the group's status (503 when python is DOWN).

    @Test
    @Order(1)
    void upWhenRunning() {
        assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        JsonNode python = python();
        assertThat(python.path("status").asString()).isEqualTo("UP");
        assertThat(python.path("details").path("state").asString()).isEqualTo("RUNNING");
        assertThat(python.path("details").path("version").asString()).startsWith("3.");
        assertThat(python.path("details").path("pythonThreads").asLong()).isPositive();
    }

    @Test
    @Order(2)
    void downAndNotReadyWhileAJavaThreadKeepsTheGilLongerThanTheBound() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Void> holder = onThread("stuck-in-java", () -> {
            try (Gil gil = engine.acquireGil()) {
                holding.countDown();
                letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).as("python is in the readiness group").isEqualTo(503);
            assertThat(Http.get(url("/actuator/health/liveness")).statusCode()).as("but not in the liveness group").isEqualTo(200);
            JsonNode python = python();
            assertThat(python.path("status").asString()).isEqualTo("DOWN");
            assertThat(python.path("details").path("reason").asString())
                    .contains("could not be taken within 300 ms").contains("'stuck-in-java'");
            assertThat(python.path("details").path("holder").asString()).isEqualTo("stuck-in-java");
        } finally {
            letGo.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
        assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).as("ready again once the GIL is free").isEqualTo(200);
    }

    @Test
    @Order(3)
    void downAndNotReadyAfterTheEngineIsClosed() {
        engine.close();
        assertThat(Http.get(url("/actuator/health/readiness")).statusCode()).isEqualTo(503);
        JsonNode python = python();
        assertThat(python.path("status").asString()).isEqualTo("DOWN");
        assertThat(python.path("details").path("state").asString()).isEqualTo("STOPPED");
        assertThat(python.path("details").path("reason").asString()).isEqualTo("the engine is stopped");
    }

    private JsonNode python() {
        return Http.json(Http.get(url("/actuator/health"))).path("components").path("python");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
