package dev.pyembed.internal.runtime;

import dev.pyembed.PythonVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks a Python interpreter, in a child process, for its version, prefix, executable and the
 * {@code sysconfig} variables that say where its libpython is. See {@link PythonProcess} for the isolation.
 */
final class InterpreterProbe {

    private static final String PREFIX = "pyembed.";
    static final List<String> CONFIG_VARS = List.of("LIBDIR", "LDLIBRARY", "Py_ENABLE_SHARED", "INSTSONAME",
            "MULTIARCH", "PYTHONFRAMEWORK", "PYTHONFRAMEWORKPREFIX", "Py_GIL_DISABLED");

    /**
     * One line per fact, {@code pyembed.<key>=<value>}; the prefix lets us ignore anything else a
     * sitecustomize or a shim may print. One line of Python, so it survives Windows argument quoting.
     */
    static final String SCRIPT = "import sys, sysconfig; "
            + "out = lambda k, v: print('" + PREFIX + "' + k + '=' + ('' if v is None else str(v))); "
            + "out('version', '%d.%d.%d' % sys.version_info[:3]); "
            + "out('prefix', sys.prefix); "
            + "out('base_prefix', sys.base_prefix); "
            + "out('executable', sys.executable); "
            + "[out(k, sysconfig.get_config_var(k)) for k in ("
            + String.join(", ", CONFIG_VARS.stream().map(v -> "'" + v + "'").toList()) + ")]";

    /**
     * The answers of this JVM's probes: a probe is a child process (~30 ms), and every engine start on the same
     * interpreter (tests, CLIs, a restarted context) would ask again. Keyed by the interpreter's path and its file's
     * modification time and size, so that a replaced interpreter is asked again. Failed probes are not kept.
     */
    private static final Map<Key, InterpreterFacts> ANSWERS = new ConcurrentHashMap<>();
    private static final AtomicInteger CHILD_PROCESSES = new AtomicInteger();

    private record Key(Path interpreter, FileTime modified, long size) {
        static Key of(Path interpreter) {
            try {
                Path real = interpreter.toRealPath();
                return new Key(interpreter.toAbsolutePath(), Files.getLastModifiedTime(real), Files.size(real));
            } catch (IOException | SecurityException e) {
                return null; // not a readable file: run it, and let that say what is wrong
            }
        }
    }

    private final PythonProcess process;

    InterpreterProbe(HostEnvironment host) {
        this.process = new PythonProcess(host);
    }

    /** @throws IOException when the program cannot be run or its answer makes no sense */
    InterpreterFacts probe(Path interpreter) throws IOException {
        Key key = Key.of(interpreter);
        InterpreterFacts known = key == null ? null : ANSWERS.get(key);
        if (known != null) {
            return known;
        }
        CHILD_PROCESSES.incrementAndGet();
        InterpreterFacts facts = parse(interpreter, process.run(interpreter, SCRIPT));
        if (key != null) {
            ANSWERS.put(key, facts);
        }
        return facts;
    }

    /** How many child processes this JVM's probes ran (for tests). */
    static int childProcesses() {
        return CHILD_PROCESSES.get();
    }

    static InterpreterFacts parse(Path interpreter, List<String> lines) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith(PREFIX) && eq > 0) {
                values.put(line.substring(PREFIX.length(), eq), line.substring(eq + 1).strip());
            }
        }
        String version = values.remove("version");
        if (version == null) {
            throw new IOException(interpreter + " did not answer the probe like a Python 3 interpreter; it printed: "
                    + String.join(" | ", lines.subList(0, Math.min(lines.size(), 5))));
        }
        PythonVersion parsed;
        try {
            parsed = PythonVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new IOException(interpreter + " reported an unreadable version '" + version + "'", e);
        }
        return new InterpreterFacts(interpreter, parsed, path(values.remove("prefix")),
                path(values.remove("base_prefix")), path(values.remove("executable")), values);
    }

    private static Path path(String value) {
        return value == null || value.isEmpty() ? null : Path.of(value);
    }
}
