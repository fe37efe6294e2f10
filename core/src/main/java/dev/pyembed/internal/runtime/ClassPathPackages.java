package dev.pyembed.internal.runtime;

import dev.pyembed.PythonPackage;
import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.internal.runtime.EmbeddedRuntimeExtractor.Extraction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python packages shipped on the Java class path: every {@value PackageDescriptor#RESOURCE} the class loader
 * sees is read, checked against the running interpreter ({@link PackageCheck}) and extracted once into
 * {@code <cache>/packages/<id>-<version>-<tag>-<platform>-<hash>/} with the runtime's machinery (locked, atomic,
 * reused): the root's contents into {@code python/} (the {@code sys.path} entry, writable so that imports can write
 * their {@code .pyc}), the native libraries into {@code lib/}. Loading those libraries is the engine's job.
 */
public final class ClassPathPackages {

    private static final Logger log = LoggerFactory.getLogger(ClassPathPackages.class);
    static final String PYTHON_FOLDER = "python";
    static final String LIBRARY_FOLDER = "lib";

    private final ClassLoader loader;
    private final Platform platform;
    private final EmbeddedRuntimeExtractor extractor = new EmbeddedRuntimeExtractor();

    ClassPathPackages(ClassLoader loader, Platform platform) {
        this.loader = loader;
        this.platform = platform;
    }

    /**
     * Finds, checks and extracts the packages {@code loader} sees, in class path order.
     *
     * @param cacheDirectory the engine's cache directory, or {@code null} for the per-user default
     * @throws PythonStartException when a descriptor is broken, a package does not fit {@code runtime}, or its files
     *                              cannot be found or extracted
     */
    public static List<PythonPackage> prepare(ClassLoader loader, PythonRuntime runtime, Path cacheDirectory) {
        return new ClassPathPackages(loader, Platform.current()).prepareAll(runtime, cacheDirectory);
    }

    List<PythonPackage> prepareAll(PythonRuntime runtime, Path cacheDirectory) {
        List<PackageDescriptor> descriptors = descriptors();
        for (PackageDescriptor descriptor : descriptors) {
            PackageCheck.require(descriptor, runtime, platform);
        }
        Path parent = (cacheDirectory != null ? cacheDirectory : EmbeddedRuntimeResolver.defaultCacheDirectory())
                .resolve("packages");
        List<PythonPackage> packages = new ArrayList<>();
        for (PackageDescriptor descriptor : descriptors) {
            packages.add(extract(descriptor, parent));
        }
        return List.copyOf(packages);
    }

    List<PackageDescriptor> descriptors() {
        List<URL> urls;
        try {
            urls = Collections.list(loader.getResources(PackageDescriptor.RESOURCE));
        } catch (IOException e) {
            throw new PythonStartException("cannot list the Python package descriptors (" + PackageDescriptor.RESOURCE
                    + ") on the class path: " + e.getMessage(), "set " + PackageCheck.OPT_OUT, e);
        }
        Map<String, URL> unique = new LinkedHashMap<>(); // a loader may report the same jar twice
        urls.forEach(url -> unique.putIfAbsent(url.toString(), url));
        Map<String, PackageDescriptor> byId = new LinkedHashMap<>();
        for (URL url : unique.values()) {
            PackageDescriptor descriptor = PackageDescriptor.read(url, platform.toString());
            PackageDescriptor other = byId.putIfAbsent(descriptor.id(), descriptor);
            if (other != null) {
                throw new PythonStartException("two jars on the class path ship the Python package set '"
                        + descriptor.id() + "': " + other.describe() + " from " + other.artifact() + " and "
                        + descriptor.describe() + " from " + descriptor.artifact(), "keep one of them (mvn "
                        + "dependency:tree shows who brings each)");
            }
        }
        return List.copyOf(byId.values());
    }

    private PythonPackage extract(PackageDescriptor pkg, Path parent) {
        ResourceTree tree = findRoot(pkg);
        List<URL> libraries = new ArrayList<>();
        for (String name : pkg.nativeLibraries()) {
            URL library = loader.getResource(name);
            if (library == null) {
                throw new PythonStartException("the native library " + name + " of the Python package " + pkg.describe()
                        + " (" + pkg.artifact() + ") is not on the class path", "add the dependency that carries it "
                        + "for " + platform + " (the package's own pom brings it for the platform it is built on)");
            }
            libraries.add(library);
        }
        String key = cacheKey(pkg, tree.location(), libraries);
        Extraction extraction;
        try {
            extraction = extractor.extract(parent, key, "the Python package " + pkg.describe() + " from "
                    + tree.location(), pkg.describe() + "\nfrom " + pkg.location(), folder -> {
                long files = tree.copyTo(folder.resolve(PYTHON_FOLDER), path -> true);
                for (URL library : libraries) {
                    files += copy(library, folder.resolve(LIBRARY_FOLDER));
                }
                return files;
            });
        } catch (IOException e) {
            throw new PythonStartException("could not extract the Python package " + pkg.describe() + " from "
                    + pkg.artifact() + " into " + parent + ": " + e, "make " + parent + " writable (and free room "
                    + "there), or point the cache directory (pyembed.cache-directory) elsewhere", e);
        }
        Path folder = extraction.directory();
        List<Path> nativeLibraries = libraries.stream()
                .map(url -> folder.resolve(LIBRARY_FOLDER).resolve(fileName(url))).toList();
        PythonPackage result = new PythonPackage(pkg.id(), pkg.version(), pkg.pythonTag(), pkg.platform(),
                folder.resolve(PYTHON_FOLDER), nativeLibraries, pkg.artifact());
        log.info("Python package {} from {} ({} at {})", result, pkg.artifact(), extraction.extracted()
                ? "extracted in " + extraction.took().toMillis() + " ms" : "cached", result.path());
        return result;
    }

    /** The root folder as the class loader sees it, else in the descriptor's own jar (which may lack folder entries). */
    private ResourceTree findRoot(PackageDescriptor pkg) {
        URL root = loader.getResource(pkg.root() + "/");
        if (root == null) {
            root = loader.getResource(pkg.root());
        }
        try {
            if (root != null) {
                return treeAt(root, pkg.root());
            }
            if ("jar".equals(pkg.location().getProtocol())) {
                JarResourceTree own = new JarResourceTree(pkg.location(), pkg.root() + "/");
                if (own.hasFiles()) {
                    return own;
                }
            }
        } catch (IOException e) {
            throw new PythonStartException("cannot read the files of the Python package " + pkg.describe() + " in "
                    + pkg.root() + " (" + pkg.artifact() + "): " + e.getMessage(), "check that the jar is intact", e);
        }
        throw new PythonStartException("the Python package " + pkg.describe() + " (" + pkg.artifact() + ") has "
                + "its files in " + pkg.root() + ", which is not on the class path", "add the dependency that "
                + "carries them for " + platform + " (the package's own pom brings it for the platform it is "
                + "built on), or remove " + pkg.artifact());
    }

    private static ResourceTree treeAt(URL root, String rootName) throws IOException {
        if ("file".equals(root.getProtocol())) {
            try {
                return new DirectoryResourceTree(Path.of(root.toURI()), null);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("cannot read " + root + ": " + e.getMessage(), e);
            }
        }
        return new JarResourceTree(root, rootName + "/"); // jar:file:, jar:nested: (Spring Boot), ...
    }

    private static long copy(URL library, Path folder) throws IOException {
        Files.createDirectories(folder);
        URLConnection connection = library.openConnection();
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, folder.resolve(fileName(library)));
        }
        return 1;
    }

    private static String fileName(URL url) {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * {@code numpy-2.4.2-cp314-linux-x86_64-<12 hex>}: the hash covers the content hash when the descriptor has one
     * (the same content from two jars shares one folder), else where the files come from.
     */
    static String cacheKey(PackageDescriptor pkg, String root, List<URL> libraries) {
        StringBuilder identity = new StringBuilder(pkg.id()).append('\n').append(pkg.version()).append('\n')
                .append(pkg.pythonTag()).append('\n').append(pkg.platform()).append('\n')
                .append(String.join(",", pkg.nativeLibraries())).append('\n');
        if (pkg.contentHash() != null) {
            identity.append("content ").append(pkg.contentHash());
        } else {
            identity.append(pkg.location()).append('\n').append(root);
            libraries.forEach(url -> identity.append('\n').append(url));
        }
        String name = pkg.id() + "-" + pkg.version() + "-" + pkg.pythonTag() + "-" + pkg.platform() + "-"
                + sha256(identity.toString()).substring(0, 12);
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
