package dev.pyembed.internal.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the locator reads from the machine: environment variables (for {@code PATH} and for child processes),
 * the platform, and how long a probed interpreter may take to answer. A value, so that tests can point
 * {@code PATH} somewhere else without changing the JVM's own environment.
 *
 * @param variables      the environment, e.g. {@link System#getenv()}
 * @param platform       the OS and CPU
 * @param processTimeout how long a probed {@code python3} may run before it is killed
 */
record HostEnvironment(Map<String, String> variables, Platform platform, Duration processTimeout) {

    static final Duration DEFAULT_PROCESS_TIMEOUT = Duration.ofSeconds(10);

    HostEnvironment {
        variables = Map.copyOf(variables);
    }

    static HostEnvironment current() {
        return new HostEnvironment(System.getenv(), Platform.current(), DEFAULT_PROCESS_TIMEOUT);
    }

    HostEnvironment withVariable(String name, String value) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.put(name, value);
        return new HostEnvironment(copy, platform, processTimeout);
    }

    HostEnvironment withProcessTimeout(Duration timeout) {
        return new HostEnvironment(variables, platform, timeout);
    }

    String path() {
        // Windows spells it "Path"; variable names are case-insensitive there.
        return variables.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("PATH"))
                .map(Map.Entry::getValue)
                .findFirst().orElse("");
    }

    /** The first program of one of these names in a {@code PATH} folder, like a shell would find it. */
    Optional<Path> findOnPath(String... names) {
        for (String dir : path().split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : names) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (InvalidPathException ignored) {
                    // A garbled PATH entry is skipped, as a shell would.
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The environment for a probed interpreter: ours without any {@code PYTHON*} variable, so that a
     * {@code PYTHONHOME} or {@code PYTHONPATH} meant for another Python cannot break the probe.
     */
    Map<String, String> childEnvironment() {
        Map<String, String> child = new HashMap<>(variables);
        child.keySet().removeIf(name -> name.toUpperCase(Locale.ROOT).startsWith("PYTHON"));
        return child;
    }
}
