package dev.pyembed.sample;

import dev.pyembed.PythonEngine;
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
 * file.
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

        JsonNode info = Http.json(http.get("/api/model"));
        assertThat(info.get("backend").asString()).isEqualTo(backend);
        assertThat(info.get("modelVersion").asString()).isEqualTo(model.version());
        assertThat(info.get("pythonVersion").asString()).isEqualTo(python.runtime().version().toString());
        assertThat(info.get("statsUpdaterAlive").asBoolean()).isTrue();
        JsonNode score = Http.json(http.postJson("/api/score", new Applicant("C-1", 40_000, 5_000, 30, 3).json()));
        assertThat(score.get("backend").asString()).isEqualTo(backend);
    }
}
