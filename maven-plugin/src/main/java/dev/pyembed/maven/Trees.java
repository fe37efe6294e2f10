package dev.pyembed.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** File tree helpers: delete, and a content hash that depends only on relative paths and bytes. */
final class Trees {

    private Trees() {
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void copy(Path from, Path to) throws IOException {
        for (String relative : files(from)) {
            Path target = to.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.copy(from.resolve(relative), target);
        }
    }

    /** Regular files below {@code root}, as sorted {@code /}-separated relative paths. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    /** SHA-256 over every file's relative path and contents, in path order: the same tree gives the same hash. */
    static String contentHash(Path root) throws IOException {
        MessageDigest tree = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (String relative : files(root)) {
            MessageDigest file = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(root.resolve(relative)), file)) {
                while (in.read(buffer) >= 0) {
                    // the digest stream reads it
                }
            }
            tree.update(relative.getBytes(StandardCharsets.UTF_8));
            tree.update((byte) 0);
            tree.update(file.digest());
        }
        return HexFormat.of().formatHex(tree.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
