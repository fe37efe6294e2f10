package dev.pyembed.sample;

import dev.pyembed.sample.load.LoadClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command: the repackaged jar run with {@code java -jar} (Python files extracted from the jar
 * nested in the executable jar), on a free port, answering, running the load client, and stopping on SIGTERM with
 * a graceful shutdown and Python finalized. Runs in the integration-test phase, after the jar is built.
 */
class PackagedJarIT {

    private static final Pattern LISTENING = Pattern.compile("pyembed sample app listening on http://localhost:(\\d+)");

    @Test
    void javaDashJarServesScoresAndStopsCleanly() throws Exception {
        Path jar = Path.of(System.getProperty("sample.jar", "target/pyembed-sample-app.jar"));
        assertThat(jar).as("the repackaged jar (mvn package)").isRegularFile();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process app = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--server.port=0",
                "--pyembed.runtime=" + System.getProperty("pyembed.test.runtime", "embedded"))
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CountDownLatch listening = new CountDownLatch(1);
        int[] port = {0};
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        port[0] = Integer.parseInt(matcher.group(1));
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "sample-app-output");
        reader.start();
        try {
            assertThat(listening.await(120, TimeUnit.SECONDS)).as("the app says where it listens:\n%s", output).isTrue();
            Http http = new Http(port[0]);

            Applicant applicant = new Applicant("C-1042", 52_000, 18_000, 37, 6);
            var scored = http.postJson("/api/score", applicant.json());
            assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
            new RiskModelInJava().assertScored(Http.json(scored), applicant);
            assertThat(http.postJson("/api/score", "{\"customerId\":").statusCode()).isEqualTo(400);
            JsonNode health = Http.json(http.get("/actuator/health"));
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(output).as("riskmodel (and its coefficients file) imported from classpath:python/, extracted out of the nested jar")
                    .contains("risk model " + new RiskModelInJava().version() + " on the ");
            if (!"system".equals(System.getProperty("pyembed.test.runtime"))) {
                assertThat(output).as("numpy and scipy extracted from the jars nested in the executable jar")
                        .contains("Python package numpy 2.4.2", "Python package scipy 1.17.0")
                        .contains(" on the numpy backend (numpy 2.4.2 is importable; probabilities by scipy.special.expit");
            }

            int exit = LoadClient.run(new String[]{"--url", "http://localhost:" + port[0], "--clients", "2", "--duration", "1s"},
                    System.out, System.err);
            assertThat(exit).isZero();
        } finally {
            app.toHandle().destroy(); // SIGTERM: Spring Boot's graceful shutdown (Process.destroy() would close the output)
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
            reader.join(10_000);
        }
        String log = output.toString();
        assertThat(log).contains("Graceful shutdown complete", "pyembed: Python finalized on pyembed-lifecycle");
        assertThat(log.indexOf("Graceful shutdown complete")).isLessThan(log.indexOf("pyembed: Python finalized"));
        assertThat(log).doesNotContain("did not stop within", "Exception in thread");
    }
}
