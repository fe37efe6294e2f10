package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Shutdown in a JVM of its own: a shutdown hook closes the engine, and nothing Python does can hang JVM exit. */
class ShutdownTest {

    @Test
    void aJvmShutdownHookClosesTheEngineOnTheInitializingThread() throws Exception {
        Result result = runScenario("exit-without-close");
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("atexit main-thread: True").contains("Python finalized on pyembed-lifecycle");
    }

    @Test
    void aPythonThreadThatNeverEndsDoesNotHangTheJvm() throws Exception {
        Result result = runScenario("python-thread-never-ends");
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("close returned, state STOPPED")
                .contains("non-daemon Python thread(s) still running").contains("never-ends").contains("spin_forever");
    }

    @Test
    void aScopeThatNeverClosesDoesNotHangClose() throws Exception {
        Result result = runScenario("scope-held-forever");
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("close returned, state STOPPED").contains("GIL scope(s) still open");
    }

    @Test
    void closeReturnsWithinTheShutdownTimeoutPlusOneSecondWhileCCodeKeepsTheGil() throws Exception {
        Result result = runScenario("c-code-keeps-the-gil");
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("did not finish shutting down").contains("state STOPPED");
        java.util.regex.Matcher took = java.util.regex.Pattern.compile("close returned after (\\d+) ms").matcher(result.output);
        assertThat(took.find()).as(result.output).isTrue();
        // The bound is shutdownTimeout (1 s in the scenario) + 1 s; 1.5 s more for a loaded machine. It was 1 s + 5 s.
        assertThat(Long.parseLong(took.group(1))).as(result.output).isLessThan(3_500);
    }

    private static Result runScenario(String scenario) throws IOException, InterruptedException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", System.getProperty("java.class.path")));
        command.addAll(TestEngines.childJvmOptions());
        command.addAll(List.of(ShutdownScenarioMain.class.getName(), scenario));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the JVM exited by itself; output:%n%s", output).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
