package dev.pyembed.internal.runtime;

import dev.pyembed.PythonVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where things live inside a Python home ({@code sys.prefix}) and a virtualenv, per platform. */
final class PythonHomeLayout {

    private static final Pattern PY_VERSION = Pattern.compile("#define\\s+PY_VERSION\\s+\"([^\"]+)\"");
    private static final Pattern STDLIB_DIR = Pattern.compile("python(3\\.\\d+)");

    private final Platform platform;

    PythonHomeLayout(Platform platform) {
        this.platform = platform;
    }

    /** {@code <home>/lib/python3.11/os.py} (Windows: {@code <home>/Lib/os.py}): proof that the stdlib is there. */
    Path stdlibMarker(Path home, PythonVersion version) {
        return platform.isWindows() ? home.resolve("Lib").resolve("os.py")
                : home.resolve("lib").resolve("python" + version.majorMinor()).resolve("os.py");
    }

    boolean hasStdlib(Path home, PythonVersion version) {
        return Files.isRegularFile(stdlibMarker(home, version));
    }

    /** The major.minor of the stdlib folder in {@code <home>/lib}, when exactly one is there. */
    Optional<PythonVersion> stdlibVersion(Path home) {
        try (Stream<Path> dirs = Files.list(home.resolve("lib"))) {
            List<PythonVersion> found = dirs
                    .filter(d -> Files.isRegularFile(d.resolve("os.py")))
                    .map(d -> STDLIB_DIR.matcher(d.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> PythonVersion.parse(m.group(1)))
                    .toList();
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The full version from the C headers ({@code include/python3.11/patchlevel.h}), present in most homes. */
    Optional<PythonVersion> headerVersion(Path home, PythonVersion majorMinor) {
        Path header = platform.isWindows() ? home.resolve("include").resolve("patchlevel.h")
                : home.resolve("include").resolve("python" + majorMinor.majorMinor()).resolve("patchlevel.h");
        try {
            Matcher m = PY_VERSION.matcher(Files.readString(header));
            return m.find() ? Optional.of(PythonVersion.parse(m.group(1))) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A runnable interpreter of this home ({@code bin/python3.11}, {@code bin/python3}; Windows {@code python.exe}). */
    Optional<Path> interpreter(Path home, PythonVersion versionOrNull) {
        Stream<Path> candidates = platform.isWindows()
                ? Stream.of(home.resolve("python.exe"))
                : Stream.of(versionOrNull == null ? null : home.resolve("bin").resolve("python" + versionOrNull.majorMinor()),
                        home.resolve("bin").resolve("python3"), home.resolve("bin").resolve("python"));
        return candidates.filter(p -> p != null && Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** {@code <venv>/lib/python3.11/site-packages} (Windows: {@code <venv>/Lib/site-packages}). */
    Path venvSitePackages(Path venv, PythonVersion version) {
        return platform.isWindows() ? venv.resolve("Lib").resolve("site-packages")
                : venv.resolve("lib").resolve("python" + version.majorMinor()).resolve("site-packages");
    }

    /** The venv's own interpreter: running it activates the venv ({@code bin/python}, Windows {@code Scripts/python.exe}). */
    Optional<Path> venvInterpreter(Path venv) {
        Stream<Path> candidates = platform.isWindows()
                ? Stream.of(venv.resolve("Scripts").resolve("python.exe"))
                : Stream.of(venv.resolve("bin").resolve("python"), venv.resolve("bin").resolve("python3"));
        return candidates.filter(Files::exists).findFirst();
    }
}
