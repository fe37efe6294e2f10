package dev.pyembed.internal.runtime;

import dev.pyembed.PythonVersion;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the major.minor version out of a libpython file name: {@code libpython3.11.so},
 * {@code libpython3.14.so.1.0}, {@code libpython3.11.dylib}, {@code libpython3.13t.so} (free-threaded),
 * {@code python311.dll}. Names that do not say ({@code libpython3.so}, {@code python3.dll}, a renamed file)
 * give nothing; the micro version is never in the name and is reported as 0.
 */
final class LibraryFileName {

    private static final Pattern UNIX = Pattern.compile("libpython(\\d+)\\.(\\d+)([a-z]*)\\.(so|dylib)(\\..*)?");
    private static final Pattern WINDOWS = Pattern.compile("python(\\d)(\\d{2,})[a-z_]*\\.dll",
            Pattern.CASE_INSENSITIVE);

    private LibraryFileName() {
    }

    /** {@code libpython3.13t.so}: the ABI flag {@code t} marks a free-threaded build. */
    static boolean isFreeThreaded(Path library) {
        Path fileName = library.getFileName();
        if (fileName == null) {
            return false;
        }
        Matcher m = UNIX.matcher(fileName.toString());
        return m.matches() && m.group(3).contains("t");
    }

    static Optional<PythonVersion> version(Path library) {
        Path fileName = library.getFileName();
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.toString();
        for (Pattern pattern : new Pattern[] {UNIX, WINDOWS}) {
            Matcher m = pattern.matcher(name);
            if (m.matches()) {
                return Optional.of(new PythonVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 0));
            }
        }
        return Optional.empty();
    }
}
