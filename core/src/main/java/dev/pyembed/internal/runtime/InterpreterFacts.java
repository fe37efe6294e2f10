package dev.pyembed.internal.runtime;

import dev.pyembed.PythonVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Python interpreter said about itself ({@code sys} and {@code sysconfig}), and what follows from it:
 * where its libpython is and whether it has one at all.
 *
 * @param probed     the program that was run (may be a shim, e.g. pyenv's)
 * @param version    {@code sys.version_info}
 * @param prefix     {@code sys.prefix}: differs from the base prefix when the interpreter is a venv's
 * @param basePrefix {@code sys.base_prefix}: the Python home
 * @param executable {@code sys.executable}: the real program behind a shim
 * @param configVars {@code sysconfig} variables by name; a variable that is {@code None} is absent
 */
record InterpreterFacts(Path probed, PythonVersion version, Path prefix, Path basePrefix, Path executable,
                        Map<String, String> configVars) {

    InterpreterFacts {
        configVars = Map.copyOf(configVars);
    }

    /** The interpreter to name in messages: the real one when it told us, else what we ran. */
    Path displayPath() {
        return executable != null ? executable : probed;
    }

    /** The venv this interpreter belongs to (a {@code python3} on PATH may be an activated venv's). */
    Optional<Path> venv() {
        return prefix != null && basePrefix != null && !prefix.equals(basePrefix) ? Optional.of(prefix) : Optional.empty();
    }

    Optional<String> var(String name) {
        return Optional.ofNullable(configVars.get(name)).filter(v -> !v.isEmpty());
    }

    /**
     * A build without libpython: its interpreter has the runtime linked in statically, so there is nothing
     * for the JVM to load. macOS framework builds report {@code Py_ENABLE_SHARED=0} but are shared (the
     * framework is the library); Windows builds are always shared and report neither variable.
     */
    boolean isStaticBuild() {
        if (var("PYTHONFRAMEWORK").isPresent() || var("LDLIBRARY").isEmpty() && var("Py_ENABLE_SHARED").isEmpty()) {
            return false;
        }
        return var("Py_ENABLE_SHARED").map("0"::equals).orElse(false)
                || var("LDLIBRARY").map(l -> l.endsWith(".a")).orElse(false);
    }

    /** A free-threaded build (PEP 703, {@code python3.13t}): it has no GIL, and pyembed's model is the GIL's. */
    boolean isFreeThreaded() {
        return var("Py_GIL_DISABLED").map("1"::equals).orElse(false);
    }

    /** Where the shared library may be, best guess first: LIBDIR/LDLIBRARY, LIBDIR/INSTSONAME, multiarch, ... */
    List<Path> libraryCandidates() {
        List<Path> candidates = new ArrayList<>();
        Optional<String> libdir = var("LIBDIR");
        Optional<String> ldlibrary = var("LDLIBRARY");
        if (libdir.isPresent()) {
            ldlibrary.ifPresent(l -> candidates.add(Path.of(libdir.get(), l)));
            var("INSTSONAME").ifPresent(s -> candidates.add(Path.of(libdir.get(), s)));
            var("MULTIARCH").ifPresent(m -> ldlibrary.ifPresent(l -> candidates.add(Path.of(libdir.get(), m, l))));
        }
        var("PYTHONFRAMEWORKPREFIX").ifPresent(p -> ldlibrary.ifPresent(l -> candidates.add(Path.of(p, l))));
        if (basePrefix != null) {
            // Windows: python311.dll sits next to python.exe in the prefix; sysconfig does not name it.
            candidates.add(basePrefix.resolve("python" + version.major() + version.minor() + ".dll"));
        }
        return candidates;
    }

    Optional<Path> sharedLibrary() {
        return libraryCandidates().stream().filter(Files::isRegularFile).findFirst();
    }
}
