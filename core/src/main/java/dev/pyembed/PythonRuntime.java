package dev.pyembed;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The CPython an engine runs on: which one, which version, where it came from and why.
 *
 * @param source     where it came from
 * @param version    the CPython version, e.g. {@code 3.14.3}
 * @param library    the libpython shared library that is loaded
 * @param home       the Python home ({@code sys.prefix}), holding {@code lib/pythonX.Y}
 * @param executable a working Python executable for {@code sys.executable} (subprocesses, multiprocessing),
 *                   or {@code null} when none was found
 * @param venv       the virtualenv whose {@code site-packages} join {@code sys.path}, or {@code null}
 * @param sitePackages extra {@code site-packages} folders to add (the venv's), possibly empty
 * @param reason     one line saying why this runtime was chosen (and what was skipped)
 * @param nativeBackend how Java calls it: {@link NativeBackend#FFM} or {@link NativeBackend#JNA} once an engine has
 *                   loaded it ({@link PythonEngine#runtime()}), {@code null} before
 */
public record PythonRuntime(RuntimeSource source, PythonVersion version, Path library, Path home, Path executable,
                            Path venv, List<Path> sitePackages, String reason, NativeBackend nativeBackend) {

    public PythonRuntime {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(home, "home");
        sitePackages = List.copyOf(sitePackages);
        reason = reason == null ? "" : reason;
        if (nativeBackend == NativeBackend.AUTO) {
            throw new IllegalArgumentException("a runtime's native backend is FFM or JNA, not AUTO");
        }
    }

    /** A runtime not loaded yet (no native backend). */
    public PythonRuntime(RuntimeSource source, PythonVersion version, Path library, Path home, Path executable,
                         Path venv, List<Path> sitePackages, String reason) {
        this(source, version, library, home, executable, venv, sitePackages, reason, null);
    }

    /** This runtime, loaded through {@code backend}. */
    public PythonRuntime withNativeBackend(NativeBackend backend) {
        return new PythonRuntime(source, version, library, home, executable, venv, sitePackages, reason,
                Objects.requireNonNull(backend));
    }

    public Optional<Path> executableIfKnown() {
        return Optional.ofNullable(executable);
    }

    @Override
    public String toString() {
        return "CPython " + version + " (" + source.name().toLowerCase(java.util.Locale.ROOT) + ") from " + library
                + ", home " + home + (venv != null ? ", venv " + venv : "")
                + (nativeBackend != null ? ", native backend " + nativeBackend : "");
    }
}
