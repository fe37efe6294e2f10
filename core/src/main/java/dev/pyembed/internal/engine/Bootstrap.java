package dev.pyembed.internal.engine;

import dev.pyembed.PythonLogSink;
import dev.pyembed.PythonOutput;
import dev.pyembed.PythonRuntime;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.gil.GilHeld;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bootstrap.py} right after initialization (on the lifecycle thread, GIL held): Python's output
 * goes to the Java {@link PythonOutput}, {@code sys.executable} and extra paths are set, and the helpers the
 * engine needs later (describing exceptions, bounded shutdown) are kept.
 */
public final class Bootstrap {

    private final Conversions conversions;
    private final long namespace;

    private Bootstrap(Conversions conversions, long namespace) {
        this.conversions = conversions;
        this.namespace = namespace;
    }

    public static Bootstrap run(GilHeld gil, Conversions conversions, PythonErrors errors, PythonOutput output,
                         PythonRuntime runtime, List<String> pythonPath) {
        CApi api = gil.api();
        long namespace = conversions.checked(gil, api.PyDict_New());
        long builtins = conversions.checked(gil, api.PyImport_ImportModule(Utf8.cString("builtins")));
        api.PyDict_SetItemString(namespace, Utf8.cString("__builtins__"), builtins);
        api.Py_DecRef(builtins);

        long emit = NativeFunctions.create(gil, (held, args) -> {
            long stream = (Long) conversions.toJava(held, held.api().PyTuple_GetItem(args, 0));
            String line = conversions.toJavaString(held, held.api().PyTuple_GetItem(args, 1));
            output.line(stream == 0 ? PythonOutput.Stream.STDOUT : PythonOutput.Stream.STDERR, line);
            return conversions.toPython(held, null);
        });
        setItem(gil, namespace, "_emit", emit);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("executable", runtime.executable() == null ? null : runtime.executable().toString());
        settings.put("site_dirs", runtime.sitePackages().stream().map(Object::toString).toList());
        settings.put("python_path", pythonPath);
        setItem(gil, namespace, "_settings", conversions.toPython(gil, settings));

        long result = api.PyRun_StringFlags(Utf8.cString(source()), CApi.PY_FILE_INPUT, namespace, namespace, 0);
        api.Py_DecRef(conversions.checked(gil, result));
        Bootstrap bootstrap = new Bootstrap(conversions, namespace);
        long describe = bootstrap.function(gil, "describe_exception");
        api.Py_IncRef(describe);
        errors.init(conversions, describe);
        return bootstrap;
    }

    /** Installs the handler that sends Python's logging records to {@code sink}. */
    public void installLogging(GilHeld gil, PythonLogSink sink, int rootLevel) {
        long log = conversions.checked(gil, NativeFunctions.create(gil, (held, args) -> {
            CApi api = held.api();
            String logger = conversions.toJavaString(held, api.PyTuple_GetItem(args, 0));
            int level = ((Long) conversions.toJava(held, api.PyTuple_GetItem(args, 1))).intValue();
            String message = conversions.toJavaString(held, api.PyTuple_GetItem(args, 2));
            Object exception = conversions.toJava(held, api.PyTuple_GetItem(args, 3));
            sink.log(logger, level, message, (String) exception);
            return conversions.toPython(held, null);
        }));
        try {
            call(gil, "install_logging", new Callbacks.Borrowed(log), rootLevel);
        } finally {
            gil.api().Py_DecRef(log);
        }
    }

    /** Waits up to {@code seconds} for non-daemon Python threads; returns (name, daemon, stack) of those left. */
    public List<?> joinNonDaemonThreads(GilHeld gil, double seconds) {
        return (List<?>) call(gil, "join_non_daemon_threads", seconds);
    }

    /** (name, daemon, stack) of every Python thread. */
    public List<?> describeThreads(GilHeld gil) {
        return (List<?>) call(gil, "describe_threads");
    }

    public void flushStreams(GilHeld gil) {
        call(gil, "flush_streams");
    }

    public void runAtexit(GilHeld gil) {
        call(gil, "run_atexit");
    }

    /** Sets a global of the bootstrap namespace (steals {@code newReference}). */
    public void setGlobal(GilHeld gil, String name, long newReference) {
        setItem(gil, namespace, name, newReference);
    }

    /** Calls a bootstrap helper with converted arguments; returns the converted result. */
    public Object call(GilHeld gil, String name, Object... args) {
        long result = callReference(gil, name, args);
        try {
            return conversions.toJava(gil, result);
        } finally {
            gil.api().Py_DecRef(result);
        }
    }

    /** Calls a bootstrap helper with converted arguments; returns the result as a new reference. */
    public long callReference(GilHeld gil, String name, Object... args) {
        return conversions.call(gil, function(gil, name), args, null);
    }

    /** The exception type raised in interrupted Python code ({@code pyembed.Interrupted}); borrowed, lives as long as Python. */
    public long interruptedType(GilHeld gil) {
        return function(gil, "Interrupted");
    }

    /** {@code pyembed.DeadlineExceeded}, a subclass of {@code pyembed.Interrupted}; borrowed. */
    public long deadlineType(GilHeld gil) {
        return function(gil, "DeadlineExceeded");
    }

    /** borrowed */
    private long function(GilHeld gil, String name) {
        long function = gil.api().PyDict_GetItemString(namespace, Utf8.cString(name));
        if (function == 0) {
            throw new IllegalStateException("bootstrap.py defines no " + name);
        }
        return function;
    }

    private static void setItem(GilHeld gil, long dict, String key, long newReference) {
        try {
            gil.api().PyDict_SetItemString(dict, Utf8.cString(key), newReference);
        } finally {
            gil.api().Py_DecRef(newReference);
        }
    }

    private static String source() {
        try (InputStream in = Bootstrap.class.getResourceAsStream("bootstrap.py")) {
            if (in == null) {
                throw new IllegalStateException("dev/pyembed/internal/engine/bootstrap.py is missing from the pyembed-core jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
