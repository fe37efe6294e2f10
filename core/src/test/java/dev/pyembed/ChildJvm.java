package dev.pyembed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a scenario's {@code main} in a JVM of its own, on the test runtime of this one ({@link TestEngines}). */
final class ChildJvm {

    private ChildJvm() {
    }

    /** @param exitCode the child's exit code: a JVM that CPython aborted exits with 1 or 134, and prints no message */
    record Result(int exitCode, String output) {
    }

    static Result run(Class<?> main, String... args) throws IOException, InterruptedException {
        return run(System.getProperty("java.class.path"), main, args);
    }

    /** With another class path, e.g. another {@code org.bytedeco:cpython} jar as the embedded runtime. */
    static Result run(String classPath, Class<?> main, String... args) throws IOException, InterruptedException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", classPath));
        command.addAll(TestEngines.childJvmOptions());
        command.add(main.getName());
        command.addAll(List.of(args));
        // Output goes to a file: a child that writes more than a pipe holds must not block on it.
        Path log = Files.createTempFile("pyembed-child-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            assertThat(exited).as("the JVM exited by itself; output:%n%s", output).isTrue();
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
