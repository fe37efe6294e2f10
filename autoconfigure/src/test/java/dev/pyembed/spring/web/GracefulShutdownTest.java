package dev.pyembed.spring.web;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown ({@code server.shutdown=graceful}) while requests are in flight: the requests finish (and still
 * reach Python), then the engine stops on {@code pyembed-lifecycle} (atexit handlers run), and the context closes
 * within {@code pyembed.shutdown-timeout}.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownTest {

    private static final int IN_FLIGHT = 4;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    @Test
    void inFlightRequestsFinishThenPythonStopsOnTheLifecycleThread(CapturedOutput output) throws Exception {
        CounterApplication.entered = new CountDownLatch(IN_FLIGHT);
        CounterApplication.release = new CountDownLatch(1);
        CounterApplication.closing = new CountDownLatch(1);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CounterApplication.class).run(
                "--server.port=0", "--server.shutdown=graceful", "--" + TestRuntime.property(),
                "--pyembed.scripts=classpath:scripts/counter.py", "--pyembed.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms");
        PythonEngine engine = context.getBean(PythonEngine.class);
        Path atexitMarker = temp.resolve("atexit.txt");
        engine.runWithGil(gil -> gil.exec("import atexit\n"
                + "atexit.register(lambda: open(r'" + atexitMarker + "', 'w').write('atexit ran'))"));
        String port = context.getEnvironment().getProperty("local.server.port");

        try (HttpRequests http = new HttpRequests()) {
            List<CompletableFuture<HttpResponse<String>>> responses = http.send(URI.create("http://localhost:" + port + "/slow"), IN_FLIGHT);
            assertThat(CounterApplication.entered.await(30, TimeUnit.SECONDS)).as("all requests are in flight").isTrue();

            CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
            assertThat(CounterApplication.closing.await(30, TimeUnit.SECONDS)).as("the context is closing").isTrue();
            assertThat(closed).as("graceful shutdown waits for the requests in flight").isNotDone();
            assertThat(engine.state()).as("Python outlives the requests in flight").isEqualTo(EngineState.RUNNING);

            long released = System.nanoTime();
            CounterApplication.release.countDown();
            List<String> bodies = responses.stream().map(response -> response.orTimeout(60, TimeUnit.SECONDS).join()).map(response -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                return response.body();
            }).toList();
            assertThat(bodies).as("each request still reached Python after shutdown began")
                    .extracting(body -> Long.parseLong(body.split(" ")[0])).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);

            closed.get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(SHUTDOWN_TIMEOUT);
        }
        assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
        assertThat(Files.readString(atexitMarker)).isEqualTo("atexit ran");
        assertThat(output).contains("pyembed: Python finalized on pyembed-lifecycle");
        assertThat(output.toString().indexOf("Graceful shutdown complete"))
                .as("the web server drained before Python was finalized").isPositive()
                .isLessThan(output.toString().indexOf("pyembed: Python finalized on pyembed-lifecycle"));
    }
}
