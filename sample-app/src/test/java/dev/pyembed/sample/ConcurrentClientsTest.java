package dev.pyembed.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 concurrent clients, 200 requests each, all through the one GIL: every request succeeds with the score the model
 * gives (checked against the model computed in Java), none is lost or mixed up with another's.
 */
@SampleAppTest
class ConcurrentClientsTest {

    private static final int CLIENTS = 32;
    private static final int REQUESTS = 200;

    private final RiskModelInJava model = new RiskModelInJava();

    @LocalServerPort
    int port;

    record Answer(Applicant applicant, int status, String body) {
    }

    @Test
    void thirtyTwoClientsTimesTwoHundredRequestsAllScoredCorrectly() throws Exception {
        Http http = new Http(port);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Answer>>> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    start.await();
                    List<Answer> answers = new ArrayList<>(REQUESTS);
                    for (int n = 0; n < REQUESTS; n++) {
                        Applicant applicant = Applicant.varied(client, n);
                        HttpResponse<String> response = http.postJson("/api/score", applicant.json());
                        answers.add(new Answer(applicant, response.statusCode(), response.body()));
                    }
                    return answers;
                }));
            }
            start.countDown();
            List<Answer> all = new ArrayList<>(CLIENTS * REQUESTS);
            for (Future<List<Answer>> client : clients) {
                all.addAll(client.get(5, TimeUnit.MINUTES));
            }

            assertThat(all).hasSize(CLIENTS * REQUESTS);
            assertThat(all).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
            for (Answer answer : all) {
                model.assertScored(Http.JSON.readTree(answer.body()), answer.applicant());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
