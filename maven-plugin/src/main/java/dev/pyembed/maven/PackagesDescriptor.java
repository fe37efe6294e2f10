package dev.pyembed.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the installed packages into the build output as a class path folder and describes them in
 * {@value #RESOURCE}, which the engine finds on the class path, extracts once per {@code content-hash} and puts on
 * {@code sys.path}.
 *
 * <p>Keys: {@code id}, {@code version}, {@code root} (the class path folder that goes on {@code sys.path}),
 * {@code python-tag} ({@code cp314} when any wheel is compiled, else {@code py3}), {@code platform}
 * ({@code linux-x86_64}, or {@code any} when all are pure Python), {@code content-hash} (SHA-256 of the tree),
 * and {@code packages} (what is installed, for people).
 */
final class PackagesDescriptor {

    static final String RESOURCE = "META-INF/pyembed/python-packages.properties";
    static final String ROOT_PREFIX = "META-INF/pyembed/site-packages/";

    private PackagesDescriptor() {
    }

    /**
     * @param distributions {@code name==version} of each installed distribution
     * @param compiled      whether any of them carries a wheel tag other than {@code *-none-any}
     */
    record Installed(List<String> distributions, boolean compiled) {
    }

    /** Reads the dist-info folders pip left in {@code tree}. */
    static Installed scan(Path tree) throws IOException {
        List<String> distributions = new ArrayList<>();
        boolean compiled = false;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tree, "*.dist-info")) {
            for (Path dir : dirs) {
                String base = dir.getFileName().toString();
                base = base.substring(0, base.length() - ".dist-info".length());
                int dash = base.lastIndexOf('-');
                distributions.add(dash < 0 ? base : base.substring(0, dash) + "==" + base.substring(dash + 1));
                Path wheel = dir.resolve("WHEEL");
                if (Files.isRegularFile(wheel)) {
                    for (String line : Files.readAllLines(wheel, StandardCharsets.UTF_8)) {
                        if (line.startsWith("Tag:") && !line.strip().endsWith("-none-any")) {
                            compiled = true;
                        }
                    }
                }
            }
        }
        distributions.sort(null);
        return new Installed(List.copyOf(distributions), compiled);
    }

    /**
     * Moves {@code staged} to {@code <outputDirectory>/META-INF/pyembed/site-packages/<id>} (replacing what an
     * earlier build put there) and writes the descriptor.
     *
     * @return the descriptor's entries
     */
    static Map<String, String> publish(Path staged, Path outputDirectory, String id, String version,
                                       String pythonTag, TargetPlatform platform) throws IOException {
        Installed installed = scan(staged);
        String root = ROOT_PREFIX + id;
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("id", id);
        entries.put("version", version);
        entries.put("root", root);
        entries.put("python-tag", installed.compiled() ? pythonTag : "py3");
        entries.put("platform", installed.compiled() ? platform.classifier() : "any");
        entries.put("content-hash", Trees.contentHash(staged));
        entries.put("packages", String.join(",", installed.distributions()));

        Path target = outputDirectory.resolve(root);
        Trees.delete(target);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Trees.copy(staged, target); // the output folder is on another file system than target/pyembed
            Trees.delete(staged);
        }
        StringBuilder text = new StringBuilder("# Python packages installed by pyembed-maven-plugin\n");
        entries.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        Path descriptor = outputDirectory.resolve(RESOURCE);
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, text, StandardCharsets.ISO_8859_1); // java.util.Properties' encoding
        return entries;
    }

    /** Properties escapes for the few characters a value could hold (backslash, non-Latin-1 letters). */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c > 0x7e || c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
