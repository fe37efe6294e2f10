package dev.pyembed.numpy;

import dev.pyembed.NativeBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With numpy (and openblas) loaded, closing the engine and exiting the JVM are clean: exit code 0, no crash. */
class NumpyExitTest {

    @TempDir
    Path tmp;

    @Test
    void closeThenExit() throws Exception {
        String output = run("close");
        assertThat(output).contains("numpy computed 2.7E7").contains("close returned, state STOPPED")
                .contains("Python finalized on pyembed-lifecycle");
    }

    @Test
    void exitWithoutCloseLetsTheShutdownHookFinalize() throws Exception {
        String output = run("no-close");
        assertThat(output).contains("numpy computed 2.7E7").contains("exiting without close")
                .contains("Python finalized on pyembed-lifecycle");
    }

    private String run(String mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        String backend = System.getProperty(NativeBackend.PROPERTY);
        if (backend != null) {
            command.add("-D" + NativeBackend.PROPERTY + "=" + backend);
        }
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of(NumpyExitMain.class.getName(), mode));
        Path log = tmp.resolve(mode + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(exited).as("the JVM exited by itself; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("Fatal Python error").doesNotContain("SIGSEGV").doesNotContain("hs_err");
        return output;
    }
}
