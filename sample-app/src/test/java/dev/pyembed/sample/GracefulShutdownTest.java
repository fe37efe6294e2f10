package dev.pyembed.sample;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.sample.history.CustomerRecord;
import dev.pyembed.sample.history.HistoryStore;
import dev.pyembed.sample.history.SimulatedHistoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.ContextClosedEvent;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the service while load runs ({@code server.shutdown=graceful}): the requests in flight finish with their
 * correct scores, then the model and Python stop. To have requests in flight for certain, the test closes a gate in
 * the history look-up and waits until every client is held there, then starts the shutdown and opens the gate. All
 * clients are inside the look-up at once, which is possible only because Python calls it with the GIL released.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownTest {

    private static final int CLIENTS = 16;

    private final RiskModelInJava model = new RiskModelInJava();

    /** The simulated history, behind a gate the test can close. */
    static final class GatedHistoryStore implements HistoryStore {
        private final SimulatedHistoryStore store = new SimulatedHistoryStore(Duration.ofMillis(1));
        final Set<String> held = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch gate;
        volatile CountDownLatch entered;

        @Override
        public CustomerRecord find(String customerId) {
            CountDownLatch closed = gate;
            if (closed != null) {
                held.add(customerId);
                entered.countDown();
                try {
                    if (!closed.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return store.find(customerId);
        }

        void close(int expected) {
            entered = new CountDownLatch(expected);
            gate = new CountDownLatch(1);
        }
    }

    /** Sources of the application under test besides RiskApplication (not a scanned component). */
    static class TestBeans {
        static final GatedHistoryStore HISTORY = new GatedHistoryStore();
        static final CountDownLatch CLOSING = new CountDownLatch(1);

        @Bean
        @Primary
        HistoryStore gatedHistoryStore() {
            return HISTORY;
        }

        @Bean
        ApplicationListener<ContextClosedEvent> closingListener() {
            return event -> CLOSING.countDown();
        }
    }

    record Answer(Applicant applicant, int status, String body) {
    }

    @Test
    void requestsInFlightFinishThenTheModelAndPythonStop(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RiskApplication.class, TestBeans.class).run(
                "--server.port=0", "--pyembed.runtime=" + System.getProperty("pyembed.test.runtime", "embedded"),
                "--spring.lifecycle.timeout-per-shutdown-phase=60s");
        PythonEngine python = context.getBean(PythonEngine.class);
        Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        GatedHistoryStore history = TestBeans.HISTORY;

        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch warm = new CountDownLatch(CLIENTS * 10);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Answer>>> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    List<Answer> answers = new ArrayList<>();
                    for (int n = 0; running.get(); n++) {
                        Applicant applicant = Applicant.varied(client, n);
                        HttpResponse<String> response = http.postJson("/api/score", applicant.json());
                        answers.add(new Answer(applicant, response.statusCode(), response.body()));
                        warm.countDown();
                    }
                    return answers;
                }));
            }
            assertThat(warm.await(60, TimeUnit.SECONDS)).as("the load runs").isTrue();

            history.close(CLIENTS);
            assertThat(history.entered.await(60, TimeUnit.SECONDS))
                    .as("every client has a request inside the history look-up, all at once (GIL released)").isTrue();
            running.set(false); // the clients send nothing more once their request in flight is answered

            CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
            assertThat(TestBeans.CLOSING.await(30, TimeUnit.SECONDS)).as("the context is closing").isTrue();
            assertThat(closed).as("graceful shutdown waits for the requests in flight").isNotDone();
            assertThat(python.state()).isEqualTo(EngineState.RUNNING);

            history.gate.countDown();
            List<Answer> all = new ArrayList<>();
            for (Future<List<Answer>> client : clients) {
                all.addAll(client.get(60, TimeUnit.SECONDS));
            }
            closed.get(60, TimeUnit.SECONDS);

            assertThat(all).hasSizeGreaterThanOrEqualTo(CLIENTS * 11);
            assertThat(all).filteredOn(answer -> history.held.contains(answer.applicant().customerId()))
                    .as("the requests in flight when the shutdown began").hasSize(CLIENTS);
            for (Answer answer : all) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                model.assertScored(Http.JSON.readTree(answer.body()), answer.applicant());
            }
        } finally {
            running.set(false);
            CountDownLatch gate = history.gate;
            if (gate != null) {
                gate.countDown();
            }
            pool.shutdownNow();
            context.close();
        }
        assertThat(python.state()).isEqualTo(EngineState.STOPPED);
        String log = output.toString();
        assertThat(log.indexOf("Graceful shutdown complete")).as("the web server drained first").isPositive()
                .isLessThan(log.indexOf("pyembed: Python finalized on pyembed-lifecycle"));
        assertThat(log).doesNotContain("did not stop within");
    }
}
