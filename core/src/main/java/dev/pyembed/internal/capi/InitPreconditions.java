package dev.pyembed.internal.capi;

import com.sun.jna.Platform;
import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What CPython would otherwise die on during initialization, checked before it runs: a {@code Py_FatalError}
 * ("Failed to import encodings module") aborts the whole process, the JVM with it, and 3.10 to 3.13 report init
 * errors no other way. Every check fails with a {@link PythonStartException} naming the path and the setting.
 */
final class InitPreconditions {

    private InitPreconditions() {
    }

    /** The home holds the standard library of exactly this version: {@code lib/python3.X/encodings}. */
    static void requireStdlib(Path home, Path library, PythonVersion version) {
        if (!Files.isDirectory(home)) {
            throw new PythonStartException("the Python home " + home + " of " + library + " is not a folder",
                    "set pyembed.home to the prefix of that Python (its sys.prefix, which holds lib/python"
                            + version.majorMinor() + ")");
        }
        Path stdlib = Platform.isWindows() ? home.resolve("Lib") : home.resolve("lib").resolve("python" + version.majorMinor());
        if (Files.isRegularFile(stdlib.resolve("encodings").resolve("__init__.py"))) {
            return;
        }
        List<String> others = otherStdlibs(home);
        if (!others.isEmpty()) {
            throw new PythonStartException("the Python home " + home + " holds the standard library of another CPython ("
                    + String.join(", ", others) + "), not that of " + library + " (CPython " + version.majorMinor() + ")",
                    "set pyembed.home to the home of the Python that " + library.getFileName() + " belongs to (the folder"
                            + " that holds lib/python" + version.majorMinor() + "), or pyembed.library to the libpython"
                            + " of that home");
        }
        throw new PythonStartException("the Python home " + home + " has no standard library at " + stdlib
                + " (no encodings package)", "set pyembed.home to the folder that holds lib/python" + version.majorMinor()
                + " (sys.prefix of that Python)");
    }

    /** {@code lib/python3.Y} folders of other versions that hold a standard library. */
    private static List<String> otherStdlibs(Path home) {
        try (Stream<Path> dirs = Files.list(home.resolve("lib"))) {
            return dirs.filter(dir -> dir.getFileName().toString().matches("python3\\.\\d+"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("encodings").resolve("__init__.py")))
                    .map(dir -> "lib/" + dir.getFileName())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
