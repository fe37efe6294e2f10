package dev.pyembed.internal.runtime;

import dev.pyembed.PythonStartException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One {@value #RESOURCE} of the class path: a set of Python packages shipped in jars (at most one descriptor per
 * jar). Keys:
 * <ul>
 *   <li>{@code id}: names the cache folder, e.g. {@code numpy};</li>
 *   <li>{@code version}: shown in logs and {@code engine.packages()};</li>
 *   <li>{@code root}: the class path folder whose contents go on {@code sys.path}, {@code ${platform}} allowed
 *       ({@code org/bytedeco/numpy/${platform}/python});</li>
 *   <li>{@code python-tag}: {@code cp314} for compiled packages (one CPython minor version), {@code py3} for pure
 *       Python;</li>
 *   <li>{@code platform}: {@code linux-x86_64} and so on, or {@code any};</li>
 *   <li>{@code native-libraries} (optional): class path resources, comma-separated, {@code ${platform}} allowed,
 *       loaded in this order with {@code RTLD_GLOBAL} before Python starts; {@code native-libraries.<platform>}
 *       replaces it on that platform (library file names differ between operating systems);</li>
 *   <li>{@code content-hash} (optional): identifies the content; part of the cache key (without it: the version and
 *       where the jar is).</li>
 * </ul>
 *
 * @param location where the descriptor was found (for messages)
 */
record PackageDescriptor(String id, String version, String root, String pythonTag, String platform,
                         List<String> nativeLibraries, String contentHash, URL location) {

    static final String RESOURCE = "META-INF/pyembed/python-packages.properties";
    static final String ANY_PLATFORM = "any";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern TAG = Pattern.compile("cp3\\d+|py3");

    /** Reads and checks the descriptor at {@code url}; {@code platform} fills {@code ${platform}}. */
    static PackageDescriptor read(URL url, String platform) {
        Properties properties = new Properties();
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // a cached JarFile of a jar that was rebuilt would be stale
            try (InputStream in = connection.getInputStream()) {
                properties.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(url, "cannot be read: " + e.getMessage(), e);
        }
        String id = required(properties, "id", url);
        if (!ID.matcher(id).matches()) {
            throw invalid(url, "has id=" + id + ", which is not a folder name (letters, digits, '.', '_', '-')", null);
        }
        String tag = required(properties, "python-tag", url);
        if (!TAG.matcher(tag).matches()) {
            throw invalid(url, "has python-tag=" + tag + "; expected cp3XX (compiled for CPython 3.XX) or py3 (pure "
                    + "Python)", null);
        }
        String root = strip(expand(required(properties, "root", url), platform));
        String libraries = properties.getProperty("native-libraries." + platform,
                properties.getProperty("native-libraries", ""));
        List<String> nativeLibraries = Arrays.stream(libraries.split(",")).map(String::strip)
                .filter(name -> !name.isEmpty()).map(name -> strip(expand(name, platform))).toList();
        String hash = properties.getProperty("content-hash", "").strip();
        return new PackageDescriptor(id, required(properties, "version", url), root, tag,
                required(properties, "platform", url), nativeLibraries, hash.isEmpty() ? null : hash, url);
    }

    /** Compiled for one CPython (cpXY) rather than pure Python. */
    boolean isCompiled() {
        return pythonTag.startsWith("cp");
    }

    /** {@code 3.14} for {@code cp314}; only for compiled packages. */
    String pythonMajorMinor() {
        return pythonTag.charAt(2) + "." + pythonTag.substring(3);
    }

    /** The jar (or folder) the descriptor is in, for messages: {@code .../pyembed-numpy-0.1.0.jar}. */
    String artifact() {
        String url = location.toString();
        int separator = url.lastIndexOf("!/");
        return separator < 0 ? url : url.substring(0, separator);
    }

    /** {@code numpy 2.4.2 (cp314, linux-x86_64)}. */
    String describe() {
        return id + " " + version + " (" + pythonTag + ", " + platform + ")";
    }

    private static String required(Properties properties, String key, URL url) {
        String value = properties.getProperty(key, "").strip();
        if (value.isEmpty()) {
            throw invalid(url, "has no " + key, null);
        }
        return value;
    }

    private static String expand(String value, String platform) {
        return value.replace("${platform}", platform);
    }

    /** Class path resource names have no leading or trailing slash. */
    private static String strip(String name) {
        String s = name;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static PythonStartException invalid(URL url, String problem, Throwable cause) {
        return new PythonStartException("the Python package descriptor " + url + " " + problem,
                "fix or remove the jar that carries it (keys: id, version, root, python-tag, platform, and optionally "
                        + "native-libraries, content-hash)", cause);
    }
}
