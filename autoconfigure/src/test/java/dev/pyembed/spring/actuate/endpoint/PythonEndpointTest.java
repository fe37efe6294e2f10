package dev.pyembed.spring.actuate.endpoint;

import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.observability.Http;
import dev.pyembed.spring.observability.ObservedApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.pyembed.spring.observability.TestEngine.eventually;
import static dev.pyembed.spring.observability.TestEngine.onThread;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/python} over real HTTP, against a real CPython. */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,prometheus,python",
        "pyembed.observability.snapshot-timeout=300ms"})
class PythonEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine engine;

    @Test
    void showsTheRuntimeAndEveryPythonThreadWithItsStack() throws Exception {
        CountDownLatch javaInPythonArrived = new CountDownLatch(1);
        engine.register("java_in_python_arrived", args -> {
            javaInPythonArrived.countDown();
            return null;
        }, false);
        engine.runWithGil(gil -> gil.exec("""
                import threading, pyembed
                release_them = threading.Event()
                python_thread_waiting = threading.Event()
                def wait_in_known_function():
                    python_thread_waiting.set()
                    release_them.wait()
                def java_thread_waits_here():
                    pyembed.java_in_python_arrived()
                    release_them.wait()
                threading.Thread(target=wait_in_known_function, name='blocked-python-thread', daemon=True).start()
                """));
        CompletableFuture<Object> javaInPython = onThread("java-in-python",
                () -> engine.withGil(null, "Endpoint.wait", gil -> gil.eval("java_thread_waits_here()")));
        try {
            assertThat(javaInPythonArrived.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(eventually(() -> Boolean.TRUE.equals(engine.withGil(gil -> gil.eval("python_thread_waiting.is_set()"))))).isTrue();

            HttpResponse<String> response = Http.get("http://localhost:" + port + "/actuator/python");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode python = Http.json(response);
            assertThat(python.path("state").asString()).isEqualTo("RUNNING");
            assertThat(python.path("uptimeMs").asLong()).isPositive();
            JsonNode runtime = python.path("runtime");
            assertThat(runtime.path("version").asString()).startsWith("3.");
            assertThat(runtime.path("source").asString()).isNotBlank();
            assertThat(runtime.path("home").asString()).isNotBlank();
            assertThat(runtime.path("library").asString()).contains("libpython");
            assertThat(runtime.path("reason").asString()).isNotBlank();
            assertThat(runtime.path("executable").asString()).isNotBlank();
            assertThat(runtime.has("venv")).as("no venv: null values are left out").isFalse();

            JsonNode threads = python.path("pythonThreads");
            assertThat(threads.path("available").asBoolean()).isTrue();
            JsonNode pythonThread = thread(threads, "blocked-python-thread");
            assertThat(pythonThread.path("stack").asString()).contains("in wait_in_known_function");
            assertThat(pythonThread.has("javaThread")).isFalse();
            assertThat(pythonThread.path("ident").asLong()).isPositive();
            JsonNode javaThread = thread(threads, "java-in-python");
            assertThat(javaThread.path("javaThread").asString()).isEqualTo("java-in-python");
            assertThat(javaThread.path("stack").asString()).contains("in java_thread_waits_here");
            assertThat(strings(javaThread.path("javaStack"))).anyMatch(frame -> frame.contains("PyEval_EvalCode"))
                    .hasSizeLessThanOrEqualTo(PythonEndpoint.JAVA_FRAMES);

            assertThat(python.path("gil").path("waiters").isArray()).isTrue();

            JsonNode counters = python.path("counters");
            assertThat(counters.path("liveObjects").isNumber()).isTrue();
            assertThat(counters.path("stats").path("available").asBoolean()).isTrue();
            assertThat(counters.path("stats").path("pythonThreads").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(counters.path("stats").path("gcCollections").size()).isPositive();
            assertThat(counters.path("stats").path("allocatedBlocks").asLong()).isPositive();
        } finally {
            engine.runWithGil(gil -> gil.exec("release_them.set()"));
            javaInPython.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersWithinItsBoundWhileAJavaThreadKeepsTheGilInJavaCode() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CompletableFuture<Void> holder = onThread("keeps-gil-in-java", () -> {
            try (Gil gil = engine.acquireGil(null, "Endpoint.hold")) {
                holding.countDown();
                letGo.await(30, TimeUnit.SECONDS); // Java code in the scope: the GIL is not handed over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            awaitHolderParkedInLatch(); // past countDown(), inside await(): the stack the endpoint reports
            long begin = System.nanoTime();
            HttpResponse<String> response = Http.get("http://localhost:" + port + "/actuator/python");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(tookMs).as("bounded by the 300 ms snapshot timeout, not by the hold").isLessThan(10_000);
            JsonNode python = Http.json(response);
            JsonNode threads = python.path("pythonThreads");
            assertThat(threads.path("available").asBoolean()).isFalse();
            assertThat(threads.path("reason").asString())
                    .startsWith("GIL held by thread 'keeps-gil-in-java' for ").contains(" ms");
            assertThat(python.path("counters").path("stats").path("available").asBoolean()).isFalse();
            JsonNode gilHolder = python.path("gil").path("holder");
            assertThat(gilHolder.path("thread").asString()).isEqualTo("keeps-gil-in-java");
            assertThat(gilHolder.path("label").asString()).isEqualTo("Endpoint.hold");
            assertThat(strings(gilHolder.path("javaStack"))).anyMatch(frame -> frame.contains("CountDownLatch.await"));
        } finally {
            letGo.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    private void awaitHolderParkedInLatch() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !engine.gilStatus().holder()
                .map(h -> java.util.Arrays.stream(h.javaStack()).anyMatch(f -> f.toString().contains("CountDownLatch.await")))
                .orElse(false)) {
            Thread.onSpinWait();
        }
    }

    private static JsonNode thread(JsonNode threads, String name) {
        for (JsonNode thread : threads.path("threads")) {
            if (name.equals(thread.path("name").asString())) {
                return thread;
            }
        }
        throw new AssertionError("no thread '" + name + "' in " + threads);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
