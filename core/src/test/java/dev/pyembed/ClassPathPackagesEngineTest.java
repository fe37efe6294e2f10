package dev.pyembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Python package shipped in a jar ({@code META-INF/pyembed/python-packages.properties}) imports in the engine: the
 * engine extracts it, lists it in {@link PythonEngine#packages()} and puts it on {@code sys.path} ahead of the
 * application's own folders; one that does not fit the runtime stops the start with the reason.
 */
class ClassPathPackagesEngineTest {

    @TempDir
    Path tmp; // the engine extracts into the default cache: the runtime is shared by the tests of this JVM

    private Path jar(String name, String descriptor, String module, String source) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String dir : List.of("META-INF/", "META-INF/pyembed/", "pkg/", "pkg/python/")) {
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/pyembed/python-packages.properties"));
            out.write(descriptor.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("pkg/python/" + module));
            out.write(source.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static ClassLoader classPath(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassPathPackagesEngineTest.class.getClassLoader());
    }

    @Test
    void aPurePythonPackageFromTheClassPathImportsAheadOfTheApplicationsFolders() throws IOException {
        Path jar = jar("greeting-0.3.jar", "id=greeting\nversion=0.3\nroot=pkg/python\npython-tag=py3\nplatform=any\n"
                        + "content-hash=pyembed-test-greeting-0.3\n",
                "greeting.py", "WHO = 'shipped in a jar'\n");
        Path appFolder = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(appFolder.resolve("greeting.py"), "WHO = 'the application folder'\n");

        try (PythonEngine engine = TestEngines.builder().classLoader(classPath(jar))
                .pythonPath(appFolder).start()) {
            assertThat(engine.packages()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("greeting");
                assertThat(p.version()).isEqualTo("0.3");
                assertThat(p.source()).endsWith("greeting-0.3.jar");
            });
            Path extracted = engine.packages().get(0).path();
            List<Object> values = engine.withGil(gil -> {
                gil.exec("import greeting, sys");
                return List.of(gil.eval("greeting.WHO"), gil.eval("sys.path.index(r'" + extracted + "')"), gil.eval("sys.path.index(r'" + appFolder + "')"));
            });
            assertThat(values.get(0)).isEqualTo("shipped in a jar");
            assertThat((Long) values.get(1)).as("sys.path position: package before app folder").isLessThan((Long) values.get(2));
        }
    }

    @Test
    void itsNativeLibrariesAreLoadedBeforePythonAndStayLoadedThroughGarbageCollections() throws IOException {
        Path library = Path.of(System.getProperty("java.home"), "lib", "libj2pkcs11.so"); // in every Linux JDK
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isRegularFile(library) && Files.isReadable(maps), "a Linux JDK");
        Path jar = tmp.resolve("with-native.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/pyembed/python-packages.properties"));
            out.write(("id=withnative\nversion=1\nroot=wn/python\npython-tag=py3\nplatform=any\n"
                    + "native-libraries=wn/lib/libj2pkcs11.so\ncontent-hash=pyembed-test-withnative-1\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("wn/python/withnative.py"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("wn/lib/libj2pkcs11.so"));
            Files.copy(library, out);
            out.closeEntry();
        }
        try (PythonEngine engine = TestEngines.builder().classLoader(classPath(jar)).start()) {
            Path loaded = engine.packages().get(0).nativeLibraries().get(0);
            assertThat(loaded.getFileName().toString()).isEqualTo("libj2pkcs11.so");
            for (int i = 0; i < 3; i++) {
                System.gc(); // JNA closes a NativeLibrary nobody references once it is collected
            }
            assertThat(Files.readString(maps)).as("mapped into the process").contains(loaded.toString());
        }
    }

    @Test
    void withClassPathPackagesOffTheJarIsIgnored() throws IOException {
        Path jar = jar("compiled.jar", "id=compiled\nversion=1\nroot=pkg/python\npython-tag=cp39\nplatform=any\n",
                "compiled.py", "");
        try (PythonEngine engine = TestEngines.builder().classLoader(classPath(jar)).classPathPackages(false).start()) {
            assertThat(engine.packages()).isEmpty();
            Object notFound = engine.withGil(gil -> gil.eval("__import__('importlib.util').util.find_spec('compiled') is None"));
            assertThat(notFound).isEqualTo(true);
        }
    }

    @Test
    void aPackageCompiledForAnotherCPythonStopsTheStartWithItsMessage() throws IOException {
        Path jar = jar("numpy-cp39.jar", "id=numpy\nversion=1.26\nroot=pkg/python\npython-tag=cp39\nplatform=any\n",
                "numpy.py", "");
        PythonEngine engine = TestEngines.builder().classLoader(classPath(jar)).build();
        assertThatThrownBy(engine::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining("numpy 1.26 (cp39, any)").hasMessageContaining("numpy-cp39.jar")
                .hasMessageContaining("compiled for CPython 3.9")
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.packages.enabled=false"));
        assertThat(engine.state()).isEqualTo(EngineState.FAILED);
        try (PythonEngine next = TestEngines.builder().start()) { // nothing was left half-started
            assertThat(next.packages()).isEmpty();
        }
    }
}
