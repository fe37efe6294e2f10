package dev.pyembed.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The numpy backend on another Python: on the python3 on PATH ({@code pyembed.runtime=system}, its own packages)
 * with {@code risk.model.backend=numpy}, the service gives the same scores as the model computed in Java (so the
 * same as the standard-library backend). Skipped where python3 is not a shared-library build with numpy.
 */
class NumpyBackendTest {

    private static ConfigurableApplicationContext context;
    private final RiskModelInJava model = new RiskModelInJava();

    @BeforeAll
    static void startOnSystemPythonWithNumpy() throws InterruptedException {
        String why = systemPythonWithNumpy();
        assumeTrue(why == null, () -> "no shared-library python3 with numpy on PATH: " + why);
        context = new SpringApplicationBuilder(RiskApplication.class).run("--server.port=0", "--pyembed.runtime=system",
                "--pyembed.packages.enabled=false", "--risk.model.backend=numpy"); // its own numpy, not pyembed-numpy
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void numpyBackendScoresLikeTheModelComputedInJava() {
        Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        JsonNode info = Http.json(http.get("/api/model"));
        assertThat(info.get("backend").asString()).isEqualTo("numpy");
        assertThat(info.get("backendReason").asString()).startsWith("numpy ").contains(" is importable; probabilities by ");

        List<Applicant> applicants = List.of(new Applicant("C-1042", 52_000, 18_000, 37, 6),
                new Applicant("C-7", 1, 1_000_000_000, 18, 0), new Applicant("C-rich_99", 100_000_000, 0, 120, 80),
                Applicant.varied(1, 2), Applicant.varied(5, 99));
        for (Applicant applicant : applicants) {
            HttpResponse<String> response = http.postJson("/api/score", applicant.json());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = Http.json(response);
            assertThat(body.get("backend").asString()).isEqualTo("numpy");
            model.assertScored(body, applicant);
        }
    }

    /** {@code null} when python3 on PATH is a shared-library build that imports numpy, else why not. */
    private static String systemPythonWithNumpy() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("python3", "-c",
                    "import sysconfig, numpy; print(bool(sysconfig.get_config_var('Py_ENABLE_SHARED')))")
                    .redirectErrorStream(true).start();
            String printed = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "python3 did not answer within 30 s";
            }
            return process.exitValue() == 0 && printed.equals("True") ? null : printed;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
