package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;
import dev.pyembed.RuntimeSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An explicit libpython ({@code pyembed.library}) and optionally its home ({@code pyembed.home}). The version
 * comes from the file name, else from the home's interpreter; the home, when not given, is the prefix the
 * library is installed in ({@code <prefix>/lib/libpython3.11.so} gives {@code <prefix>}).
 */
final class LibraryPathResolver {

    private static final String SET_LIBRARY = "set pyembed.library to a libpython shared library file "
            + "(e.g. <prefix>/lib/libpython3.11.so), or set pyembed.runtime=auto";

    private final Platform platform;
    private final PythonHomeLayout layout;
    private final InterpreterProbe probe;

    LibraryPathResolver(HostEnvironment host) {
        this.platform = host.platform();
        this.layout = new PythonHomeLayout(host.platform());
        this.probe = new InterpreterProbe(host);
    }

    PythonRuntime resolve(Path requestedLibrary, Path requestedHome) {
        Path library = requestedLibrary.toAbsolutePath().normalize();
        if (!Files.exists(library)) {
            throw new PythonStartException("pyembed.library=" + library + " does not exist", SET_LIBRARY);
        }
        if (!Files.isRegularFile(library)) {
            throw new PythonStartException("pyembed.library=" + library + " is not a file", SET_LIBRARY);
        }
        if (LibraryFileName.isFreeThreaded(library)) {
            throw new PythonStartException("pyembed.library=" + library + " is a free-threaded build (no GIL); pyembed"
                    + " embeds CPython with the GIL", "point pyembed.library at a standard build (libpython3.X.so)");
        }
        requireSharedLibrary(library);
        Optional<PythonVersion> fromName = LibraryFileName.version(library);
        Path home = requestedHome != null ? requestedHome.toAbsolutePath().normalize()
                : deriveHome(library, fromName.orElse(null));
        PythonVersion version = fromName
                .map(majorMinor -> layout.headerVersion(home, majorMinor).orElse(majorMinor))
                .orElseGet(() -> askInterpreter(library, home));
        InterpreterCheck.requireSupported(version, "pyembed.library=" + library);
        if (!layout.hasStdlib(home, version)) {
            Optional<PythonVersion> other = layout.stdlibVersion(home);
            if (other.isPresent()) {
                throw new PythonStartException("the Python home " + home + " holds the standard library of CPython "
                        + other.get().majorMinor() + " (lib/python" + other.get().majorMinor() + "), but " + library
                        + " is CPython " + version.majorMinor(), "set pyembed.home to the prefix of the Python that "
                        + library.getFileName() + " belongs to (it holds lib/python" + version.majorMinor()
                        + "), or pyembed.library to the libpython" + other.get().majorMinor() + " of that home");
            }
            throw new PythonStartException("the Python home " + home + " of " + library + " has no standard library ("
                    + layout.stdlibMarker(home, version) + " is missing)",
                    "set pyembed.home to the prefix that holds lib/python" + version.majorMinor()
                            + " (sys.prefix of that Python)");
        }
        Path executable = layout.interpreter(home, version).orElse(null);
        return new PythonRuntime(RuntimeSource.PATH, version, library, home, executable, null, List.of(),
                "pyembed.library=" + library + (requestedHome != null ? ", pyembed.home=" + home : ", home " + home));
    }

    /** A text file, an archive or another platform's library: say so before the home is even looked for. */
    private void requireSharedLibrary(Path library) {
        Optional<String> problem;
        try {
            problem = SharedLibraryFile.problem(library, platform);
        } catch (IOException e) {
            throw new PythonStartException("pyembed.library=" + library + " cannot be read: " + e.getMessage(),
                    SET_LIBRARY, e);
        }
        problem.ifPresent(why -> {
            throw new PythonStartException("pyembed.library=" + library + " " + why,
                    "set pyembed.library to a libpython shared library built for " + platform
                            + " (e.g. <prefix>/lib/libpython3.11.so), or set pyembed.runtime=embedded");
        });
    }

    /** The first of {@code <prefix>} (for {@code <prefix>/lib[/multiarch]/libpython...}) or the library's folder that holds a stdlib. */
    private Path deriveHome(Path library, PythonVersion versionOrNull) {
        List<Path> candidates = homeCandidates(library);
        return candidates.stream()
                .filter(home -> versionOrNull != null ? layout.hasStdlib(home, versionOrNull)
                        : layout.stdlibVersion(home).isPresent())
                .findFirst()
                .orElseThrow(() -> new PythonStartException("could not find the Python home of " + library + ": "
                        + "none of " + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + " holds lib/python" + (versionOrNull != null ? versionOrNull.majorMinor() : "3.x") + "/os.py",
                        "set pyembed.home to the prefix of that Python (its sys.prefix, which holds lib/python3.x)"));
    }

    private static List<Path> homeCandidates(Path library) {
        List<Path> candidates = new ArrayList<>();
        Path dir = library.getParent();
        // <prefix>/lib/libpython.so, or Debian's <prefix>/lib/x86_64-linux-gnu/libpython.so
        for (Path p : new Path[] {dir, dir.getParent()}) {
            if (p != null && p.getParent() != null && p.getFileName().toString().matches("lib|lib64")) {
                candidates.add(p.getParent());
            }
        }
        candidates.add(dir); // Windows prefix, or a layout like the embedded one: libpython next to lib/
        return candidates;
    }

    /** The name does not tell: ask the home's interpreter. */
    private PythonVersion askInterpreter(Path library, Path home) {
        String unknown = "cannot tell the Python version of " + library + " from its name";
        Path interpreter = layout.interpreter(home, null).orElseThrow(() -> new PythonStartException(
                unknown + ", and " + home + " has no bin/python3 to ask",
                "set pyembed.library to the versioned file (e.g. libpython3.11.so), or set pyembed.home"));
        try {
            return probe.probe(interpreter).version();
        } catch (IOException e) {
            throw new PythonStartException(unknown + ", and asking " + interpreter + " failed: " + e.getMessage(),
                    "set pyembed.library to the versioned file (e.g. libpython3.11.so), or set pyembed.home", e);
        }
    }
}
