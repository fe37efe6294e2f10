package dev.pyembed.spring.engine;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.ResourceUtils;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns {@code pyembed.python-path} entries into folders CPython can read. A {@code classpath:} entry (e.g.
 * {@code classpath:python/}) is copied, with everything below it, into a temporary folder: Python imports from
 * the file system only, and the resources may sit inside a jar, also a Spring Boot executable jar (nested jars),
 * which Spring's {@link ResourcePatternResolver} reads (jars need directory entries, which Maven's and Spring Boot's
 * jars have). Other entries ({@code /opt/app/py}, {@code file:...}) are
 * used as they are. The temporary folders are deleted when the application context closes (after the engine).
 */
public class PythonPathResources implements DisposableBean {

    private static final Log logger = LogFactory.getLog(PythonPathResources.class);
    private static final String CLASSPATH_ALL = ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX;
    private static final String CLASSPATH = ResourceUtils.CLASSPATH_URL_PREFIX;

    private final ResourcePatternResolver resolver;
    private final List<Path> extracted = new ArrayList<>();

    public PythonPathResources(ResourcePatternResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * The folders for {@code entries}, in order; {@code classpath:} entries are extracted now.
     *
     * @throws PythonStartupTaskException when a {@code classpath:} entry matches nothing, naming the property
     */
    public synchronized List<Path> resolve(List<String> entries) {
        List<Path> folders = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            String property = "pyembed.python-path[" + i + "]";
            if (entry.startsWith(CLASSPATH_ALL) || entry.startsWith(CLASSPATH)) {
                folders.add(extract(property, entry));
            } else if (entry.startsWith(ResourceUtils.FILE_URL_PREFIX)) {
                try {
                    folders.add(ResourceUtils.getFile(entry).toPath().toAbsolutePath());
                } catch (FileNotFoundException e) {
                    throw failure(property, entry, property + "=" + entry + " is not a file system location", e);
                }
            } else {
                folders.add(Path.of(entry).toAbsolutePath());
            }
        }
        return folders;
    }

    private Path extract(String property, String entry) {
        String base = entry.substring(entry.startsWith(CLASSPATH_ALL) ? CLASSPATH_ALL.length() : CLASSPATH.length());
        while (base.startsWith("/")) {
            base = base.substring(1);
        }
        if (!base.isEmpty() && !base.endsWith("/")) {
            base = base + "/";
        }
        try {
            List<String> roots = new ArrayList<>();
            for (Resource root : resolver.getResources(CLASSPATH_ALL + base)) {
                String url = root.getURL().toString();
                roots.add(url.endsWith("/") ? url : url + "/");
            }
            Resource[] resources = resolver.getResources(CLASSPATH_ALL + base + "**");
            Path target = Files.createTempDirectory("pyembed-python-path-");
            extracted.add(target);
            int files = 0;
            for (Resource resource : resources) {
                String url = resource.getURL().toString();
                if (url.endsWith("/") || !resource.isReadable() || isDirectory(resource)) {
                    continue;
                }
                String relative = relativePath(url, roots);
                if (relative == null || relative.isEmpty()) {
                    continue;
                }
                Path file = target.resolve(relative).normalize();
                if (!file.startsWith(target)) {
                    continue; // never write outside the folder
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                files++;
            }
            if (files == 0) {
                throw failure(property, entry, property + "=" + entry + " matches no files on the class path"
                        + " (expected Python files under '" + base + "' in src/main/resources or a jar)", null);
            }
            if (logger.isDebugEnabled()) {
                logger.debug("pyembed: " + property + "=" + entry + ": " + files + " file(s) copied to " + target);
            }
            return target;
        } catch (IOException e) {
            throw failure(property, entry, property + "=" + entry + " could not be copied to a temporary folder ("
                    + System.getProperty("java.io.tmpdir") + ", which must be writable): " + e, e);
        }
    }

    private static PythonStartupTaskException failure(String property, String entry, String message, Throwable cause) {
        return new PythonStartupTaskException(PythonStartupTaskException.Kind.PYTHON_PATH, property, entry, message, cause);
    }

    private static boolean isDirectory(Resource resource) {
        try {
            return resource.isFile() && resource.getFile().isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    /** The path of {@code url} below the class path folder it belongs to, or {@code null}. */
    private static String relativePath(String url, List<String> roots) {
        String best = null;
        for (String root : roots) {
            if (url.startsWith(root) && (best == null || root.length() > best.length())) {
                best = root;
            }
        }
        return best == null ? null : url.substring(best.length());
    }

    /** Deletes the temporary folders. */
    @Override
    public synchronized void destroy() {
        for (Path folder : extracted) {
            try {
                FileSystemUtils.deleteRecursively(folder);
            } catch (IOException e) {
                logger.warn("pyembed: could not delete " + folder + ": " + e.getMessage());
            }
        }
        extracted.clear();
    }
}
