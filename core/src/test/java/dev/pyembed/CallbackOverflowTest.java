package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java -> Python -> Java recursion until the thread's stack runs out, on a 512 KiB stack and on the default one, with
 * the GIL kept and released: Python gets a RecursionError each time; a Java callback that recurses by itself: its
 * StackOverflowError crosses as a JavaError (the stack has room again once it unwound). The JVM lives on (on FFM it used to abort), and Java exceptions still cross with their class and cause afterwards (on
 * JNA a class initializer broken by the overflow used to turn every later one into a bare RuntimeError). In a JVM of
 * its own, so that a failure cannot take the test JVM down.
 */
class CallbackOverflowTest {

    @Test
    void stackExhaustionInCallbacksBecomesRecursionErrorAndTheJvmLivesOn() throws Exception {
        String output = runChild();
        assertThat(output).contains("backend " + System.getProperty("pyembed.test.expected-backend", ""));
        for (String stack : new String[]{"524288", "0"}) {
            assertThat(output)
                    .contains("rec_keeping stack " + stack + ": RecursionError: Java stack nearly exhausted")
                    .contains("rec_releasing stack " + stack + ": RecursionError: Java stack nearly exhausted")
                    .contains("java_recursion stack " + stack + ": pyembed.JavaError: java.lang.StackOverflowError");
        }
        assertThat(output)
                .contains("python sees: java.lang.IllegalStateException")
                .contains("java sees: pyembed.JavaError caused by java.lang.IllegalStateException: boom caused by"
                        + " java.io.IOException: inner")
                .contains("printStackTrace works: true")
                .contains("closed")
                .doesNotContain("SystemError").doesNotContain("NoClassDefFoundError");
    }

    private static String runChild() throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", System.getProperty("java.class.path")));
        command.addAll(TestEngines.childJvmOptions()); // the runtime under test (also runtime=path), the backend
        command.add(CallbackOverflowMain.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the child JVM exited by itself; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        return output;
    }
}
