package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an interpreter with a {@code -c} script and returns what it printed, within a bounded time.
 * The child gets {@link HostEnvironment#childEnvironment()} (no {@code PYTHON*} variables) and {@code -I}
 * (isolated mode: no user site, no environment), so a user's shell settings cannot change the answer.
 */
final class PythonProcess {

    /** Output is read by a helper thread; after the process ended, this long for the pipe to drain. */
    private static final long DRAIN_MILLIS = 2_000;

    private final HostEnvironment host;

    PythonProcess(HostEnvironment host) {
        this.host = host;
    }

    /**
     * @return stdout and stderr of the run, merged, as lines
     * @throws IOException naming the program and what happened (could not start, timed out, failed)
     */
    List<String> run(Path program, String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(program.toString(), "-I", "-c", script)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(host.childEnvironment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("could not run " + program + ": " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> output = readInBackground(process.getInputStream());
        try {
            long timeoutMillis = host.processTimeout().toMillis();
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException(program + " did not answer within " + timeoutMillis + " ms and was killed");
            }
            String text = output.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                throw new IOException(program + " exited with code " + process.exitValue() + ": " + tail(text));
            }
            return text.lines().toList();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            throw new IOException("could not read the output of " + program + ": " + e, e);
        }
    }

    private static CompletableFuture<String> readInBackground(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        // A plain daemon thread: reading a pipe blocks, which the common pool is not meant for.
        Thread reader = new Thread(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "pyembed-python-probe-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    /** Kills the program and what it started (a pyenv shim execs, a shell script may fork). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
    }
}
