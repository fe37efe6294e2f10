package dev.pyembed.sample;

import dev.pyembed.PythonEngine;
import dev.pyembed.sample.history.SimulatedHistoryStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/score} scores as the model says: the service's answers (Python, called through a {@code @WithGil}
 * service, with the history from a Java bean) equal the same model computed here in Java from the same coefficients
 * file. A Python exception in the model is a 500 problem detail with the Python type and message, without traceback.
 */
@SampleAppTest
class ScoringTest {

    private final RiskModelInJava model = new RiskModelInJava();

    @LocalServerPort
    int port;

    @Autowired
    PythonEngine python;

    @Test
    void scoresEqualTheModelComputedInJava() {
        Http http = new Http(port);
        List<Applicant> applicants = List.of(
                new Applicant("C-1042", 52_000, 18_000, 37, 6),
                new Applicant("C-7", 1, 1_000_000_000, 18, 0),           // every feature at the clip
                new Applicant("C-rich_99", 100_000_000, 0, 120, 80),
                new Applicant("c-lower-case", 31_500.5, 2_250.25, 64, 40),
                Applicant.varied(3, 17));
        for (Applicant applicant : applicants) {
            HttpResponse<String> response = http.postJson("/api/score", applicant.json());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            model.assertScored(Http.json(response), applicant);
        }
    }

    @Test
    void answersNameTheBackendThatRuns() {
        Http http = new Http(port);
        boolean numpy = python.<Boolean>withGil(gil -> {
            gil.exec("import importlib.util");
            return (Boolean) gil.eval("importlib.util.find_spec('numpy') is not None");
        });
        String backend = numpy ? "numpy" : "python";
        if (python.runtime().source() == dev.pyembed.RuntimeSource.EMBEDDED) {
            assertThat(numpy).as("pyembed-numpy on the class path, on the embedded runtime").isTrue();
        }

        JsonNode info = Http.json(http.get("/api/model"));
        assertThat(info.get("backend").asString()).isEqualTo(backend);
        assertThat(info.get("modelVersion").asString()).isEqualTo(model.version());
        assertThat(info.get("pythonVersion").asString()).isEqualTo(python.runtime().version().toString());
        assertThat(info.get("statsUpdaterAlive").asBoolean()).isTrue();
        if (numpy && python.runtime().source() == dev.pyembed.RuntimeSource.EMBEDDED) {
            assertThat(info.get("backendReason").asString()).isEqualTo(
                    "numpy 2.4.2 is importable; probabilities by scipy.special.expit, scipy 1.17.0");
        }
        JsonNode score = Http.json(http.postJson("/api/score", new Applicant("C-1", 40_000, 5_000, 30, 3).json()));
        assertThat(score.get("backend").asString()).isEqualTo(backend);
    }

    @Test
    void aPythonErrorInTheModelIsA500WithTheTypeAndMessageButNoTraceback() {
        Http http = new Http(port);
        HttpResponse<String> response = http.postJson("/api/score",
                new Applicant(SimulatedHistoryStore.CORRUPT_CUSTOMER, 52_000, 18_000, 37, 6).json());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(problem.get("title").asString()).isEqualTo("Risk model failed");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/score");
        assertThat(problem.get("pythonType").asString()).isEqualTo("ValueError");
        assertThat(problem.get("pythonMessage").asString())
                .isEqualTo("history of customer C-CORRUPT is corrupt: latePayments=2, accountAgeMonths=-14");
        assertThat(problem.get("detail").asString())
                .isEqualTo("The risk model raised ValueError: history of customer C-CORRUPT is corrupt: latePayments=2, accountAgeMonths=-14");
        assertThat(problem.get("incident").asString()).matches("[0-9a-f-]{36}");
        assertThat(response.body()).doesNotContain("Traceback", "File \"", "model.py", "riskmodel", "dev.pyembed", "\\n");

        HttpResponse<String> next = http.postJson("/api/score", new Applicant("C-1042", 52_000, 18_000, 37, 6).json());
        assertThat(next.statusCode()).as("the model works on after an error").isEqualTo(200);
    }
}
