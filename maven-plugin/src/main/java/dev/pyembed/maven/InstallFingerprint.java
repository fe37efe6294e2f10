package dev.pyembed.maven;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What an installation was made from, to skip pip when nothing changed since the last build in this folder. Only
 * for installations whose every input is local: a lock file (which pins each wheel by hash), or {@code noIndex}
 * with local wheelhouses. With an index, unpinned requirements can resolve differently from one day to the next,
 * so pip always runs.
 */
final class InstallFingerprint {

    private InstallFingerprint() {
    }

    /**
     * @param pipArguments   the whole pip command line
     * @param inputFiles     files whose contents pip reads (requirements file, lock), absent ones allowed
     * @param wheelhouses    local {@code --find-links} folders: their file names, sizes and times count
     * @param extra          anything else the result depends on (provided packages, plugin version)
     */
    static String of(List<String> pipArguments, List<Path> inputFiles, List<Path> wheelhouses, String extra)
            throws IOException {
        MessageDigest digest = sha256();
        add(digest, String.join("\u0000", pipArguments));
        add(digest, extra);
        for (Path file : inputFiles) {
            add(digest, file.toString());
            if (Files.isRegularFile(file)) {
                digest.update(Files.readAllBytes(file));
            }
        }
        for (Path dir : wheelhouses) {
            add(digest, dir.toString());
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        add(digest, f.getFileName() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis());
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code stamp} holds {@code fingerprint} and the output still holds what that build published. */
    static boolean upToDate(Path stamp, String fingerprint, Path outputDirectory) throws IOException {
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp, StandardCharsets.UTF_8).strip().equals(fingerprint)) {
            return false;
        }
        Path descriptor = outputDirectory.resolve(PackagesDescriptor.RESOURCE);
        if (!Files.isRegularFile(descriptor)) {
            return false;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(descriptor, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        String root = properties.getProperty("root");
        String hash = properties.getProperty("content-hash");
        return root != null && hash != null && Files.isDirectory(outputDirectory.resolve(root))
                && Trees.contentHash(outputDirectory.resolve(root)).equals(hash);
    }

    static void record(Path stamp, String fingerprint) throws IOException {
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, fingerprint + "\n", StandardCharsets.UTF_8);
    }

    private static void add(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
