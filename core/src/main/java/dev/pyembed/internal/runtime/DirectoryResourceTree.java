package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A resource folder in an exploded classpath directory (an IDE's output folder, an unpacked jar). */
final class DirectoryResourceTree implements ResourceTree {

    private final Path root;
    private final Path classpathRoot;

    /**
     * @param root          the folder to copy
     * @param classpathRoot the classpath entry it belongs to, where {@code META-INF/...} would be
     */
    DirectoryResourceTree(Path root, Path classpathRoot) {
        this.root = root;
        this.classpathRoot = classpathRoot;
    }

    @Override
    public long copyTo(Path target, Predicate<String> include) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        long copied = 0;
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            if (include.test(relative)) {
                Path destination = target.resolve(relative);
                Files.createDirectories(destination.getParent());
                Files.copy(file, destination);
                copied++;
            }
        }
        return copied;
    }

    @Override
    public Optional<String> readSibling(String resourceName) throws IOException {
        if (classpathRoot == null) {
            return Optional.empty();
        }
        Path file = classpathRoot.resolve(resourceName);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    @Override
    public Optional<String> archiveName() {
        return Optional.empty();
    }

    @Override
    public String location() {
        return root.toString();
    }
}
