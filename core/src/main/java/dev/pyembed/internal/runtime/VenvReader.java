package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a virtualenv's {@code pyvenv.cfg}: {@code key = value} lines, keys case-insensitive (as CPython's
 * {@code site.py} reads them). Written by {@code python -m venv}, virtualenv and uv alike.
 */
final class VenvReader {

    static final String CONFIG_FILE = "pyvenv.cfg";

    private VenvReader() {
    }

    /**
     * @param venv       the venv folder
     * @param home       {@code home}: the folder of the base interpreter ({@code <base>/bin})
     * @param executable {@code executable}: the base interpreter itself (Python 3.11+ writes it)
     * @param version    {@code version} or {@code version_info}, e.g. {@code 3.11.7} / {@code 3.12.1.final.0}
     */
    record VenvConfig(Path venv, Optional<Path> home, Optional<Path> executable, Optional<String> version) {
    }

    /** @return empty when the folder has no {@code pyvenv.cfg} */
    static Optional<VenvConfig> read(Path venv) throws IOException {
        Path file = venv.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.strip().startsWith("#")) {
                values.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        Optional<String> version = Optional.ofNullable(values.get("version"))
                .or(() -> Optional.ofNullable(values.get("version_info")));
        return Optional.of(new VenvConfig(venv, path(values.get("home")), path(values.get("executable")), version));
    }

    private static Optional<Path> path(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }
}
