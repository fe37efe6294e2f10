package dev.pyembed.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded runtime's own pip, run as {@code <python> -I -m pip ...} in a child process.
 *
 * <p>{@code -I} keeps the user's {@code PYTHONPATH}, {@code PYTHONHOME} and user site out of the build; pip's
 * {@code --isolated} (on by default) does the same for {@code PIP_*} variables and pip configuration files, so
 * that what the pom says is what is installed.
 */
final class Pip {

    private static final int KEPT_LINES = 60;

    private final Path python;
    private final boolean isolated;
    private final Consumer<String> output;

    /**
     * @param python   the interpreter whose pip runs
     * @param isolated whether pip ignores {@code PIP_*} variables and pip.conf
     * @param output   receives each line pip prints (stdout and stderr)
     */
    Pip(Path python, boolean isolated, Consumer<String> output) {
        this.python = python;
        this.isolated = isolated;
        this.output = output;
    }

    /**
     * @param exitCode pip's exit code
     * @param lines    the last lines of its output
     */
    record Result(int exitCode, List<String> lines) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** pip's own error lines ({@code ERROR: ...} and what follows), else the last lines it printed. */
        String errorMessage() {
            List<String> errors = new ArrayList<>();
            boolean inError = false;
            for (String line : lines) {
                inError |= line.startsWith("ERROR:") || line.contains("error:");
                if (inError && !line.isBlank()) {
                    errors.add(line);
                }
            }
            List<String> shown = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 15), lines.size()) : errors;
            return String.join("\n", shown);
        }
    }

    /** {@code pip <command> <arguments>} in {@code workingDirectory}. */
    Result run(String command, List<String> arguments, Path workingDirectory) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-I", "-m", "pip", command,
                "--no-input", "--disable-pip-version-check"));
        if (isolated) {
            cmd.add("--isolated");
        }
        if (command.equals("install")) {
            cmd.add("--root-user-action=ignore");
        }
        cmd.addAll(arguments);
        return runPython(cmd, workingDirectory);
    }

    /** {@code python -I -c <source> <arguments>}: small helpers that read pip's JSON report. */
    Result script(String source, List<String> arguments, Path workingDirectory) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-I", "-c", source));
        cmd.addAll(arguments);
        return runPython(cmd, workingDirectory);
    }

    List<String> commandLine(String command, List<String> arguments) {
        List<String> cmd = new ArrayList<>(List.of("pip", command));
        cmd.addAll(arguments);
        return cmd;
    }

    private Result runPython(List<String> cmd, Path workingDirectory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(workingDirectory.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PYTHON")); // a PYTHONHOME meant for another Python breaks it
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("PYTHONUTF8", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> kept = new ArrayDeque<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.accept(line);
                kept.addLast(line);
                if (kept.size() > KEPT_LINES) {
                    kept.removeFirst();
                }
            }
        }
        return new Result(process.waitFor(), List.copyOf(kept));
    }
}
