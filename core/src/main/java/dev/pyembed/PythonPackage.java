package dev.pyembed;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A set of Python packages the engine found on the Java class path (a jar with a
 * {@code META-INF/pyembed/python-packages.properties}, such as {@code dev.pyembed:pyembed-numpy}), extracted into the
 * cache and put on {@code sys.path} ahead of the application's own folders.
 *
 * @param id              the descriptor's id, e.g. {@code numpy}
 * @param version         its version, e.g. {@code 2.4.2}
 * @param pythonTag       {@code cp314} (compiled for CPython 3.14) or {@code py3} (pure Python)
 * @param platform        {@code linux-x86_64} and so on, or {@code any}
 * @param path            the extracted folder that is on {@code sys.path}
 * @param nativeLibraries the native libraries loaded for it (with {@code RTLD_GLOBAL}, in this order)
 * @param source          where its descriptor was found (the jar)
 */
public record PythonPackage(String id, String version, String pythonTag, String platform, Path path,
                            List<Path> nativeLibraries, String source) {

    public PythonPackage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
        nativeLibraries = List.copyOf(nativeLibraries);
    }

    @Override
    public String toString() {
        return id + " " + version + " (" + pythonTag + ", " + platform + ")";
    }
}
