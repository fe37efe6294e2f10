package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A resource folder inside a jar, read through the URL's own {@link JarURLConnection}. That works for
 * {@code jar:file:...!/} and for Spring Boot's nested {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/...}
 * URLs alike, because Boot's handler returns its own {@code JarFile} for the nested jar; a
 * {@code FileSystems.newFileSystem} on such a URI would not.
 */
final class JarResourceTree implements ResourceTree {

    private final URL anyUrlInJar;
    private final String rootPrefix;

    /**
     * @param anyUrlInJar a {@code jar:} URL of some entry of the jar
     * @param rootPrefix  the folder to copy, e.g. {@code org/bytedeco/cpython/linux-x86_64/}
     */
    JarResourceTree(URL anyUrlInJar, String rootPrefix) {
        this.anyUrlInJar = anyUrlInJar;
        this.rootPrefix = rootPrefix;
    }

    @Override
    public long copyTo(Path target, Predicate<String> include) throws IOException {
        long copied = 0;
        try (JarFile jar = openJar()) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(rootPrefix)) {
                    continue;
                }
                String relative = name.substring(rootPrefix.length());
                if (!include.test(relative)) {
                    continue;
                }
                Path destination = target.resolve(relative).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("jar entry " + name + " would land outside " + target);
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, destination);
                }
                copied++;
            }
        }
        return copied;
    }

    /** Whether the jar has any file below the root (a jar need not have folder entries). */
    boolean hasFiles() throws IOException {
        try (JarFile jar = openJar()) {
            return jar.stream().anyMatch(entry -> !entry.isDirectory() && entry.getName().startsWith(rootPrefix));
        }
    }

    @Override
    public Optional<String> readSibling(String resourceName) throws IOException {
        try (JarFile jar = openJar()) {
            JarEntry entry = jar.getJarEntry(resourceName);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public Optional<String> archiveName() {
        try {
            String jarUrl = connection().getJarFileURL().toString();
            return Optional.of(jarUrl.substring(jarUrl.lastIndexOf('/') + 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String location() {
        String url = anyUrlInJar.toString();
        int separator = url.lastIndexOf("!/");
        return separator < 0 ? url : url.substring(0, separator + 2) + rootPrefix;
    }

    /**
     * A private {@code JarFile} (no caching), so that closing it cannot close the one the class loader shares.
     */
    private JarFile openJar() throws IOException {
        return connection().getJarFile();
    }

    private JarURLConnection connection() throws IOException {
        URLConnection connection = anyUrlInJar.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException(anyUrlInJar + " is not inside a jar (" + connection.getClass().getName() + ")");
        }
        jarConnection.setUseCaches(false);
        return jarConnection;
    }
}
