package dev.pyembed.internal.runtime;

import dev.pyembed.PythonPackage;
import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;
import dev.pyembed.RuntimeSource;
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
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Package descriptors on a real class path (jars and folders made here, read through a {@link URLClassLoader}):
 * found, checked against the runtime, extracted once into the cache and reused.
 */
class ClassPathPackagesTest {

    private static final Platform LINUX = new Platform("linux", "x86_64");
    private static final String DESCRIPTOR = PackageDescriptor.RESOURCE;

    @TempDir
    Path tmp;

    private PythonRuntime runtime(RuntimeSource source, String version) {
        return new PythonRuntime(source, PythonVersion.parse(version), tmp.resolve("libpython.so"), tmp, null, null,
                List.of(), "test");
    }

    private PythonRuntime embedded314() {
        return runtime(RuntimeSource.EMBEDDED, "3.14.3");
    }

    private static String descriptor(String id, String tag, String platform, String extra) {
        return "id=" + id + "\nversion=1.2.3\nroot=org/example/" + id + "/${platform}/python\npython-tag=" + tag
                + "\nplatform=" + platform + "\n" + extra;
    }

    /** A jar with the descriptor and {@code entries} (name to text). */
    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                String path = entry.getKey();
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String dir = path.substring(0, slash + 1);
                    try {
                        out.putNextEntry(new JarEntry(dir));
                        out.closeEntry();
                    } catch (java.util.zip.ZipException duplicate) {
                        // folder entry already written
                    }
                }
                out.putNextEntry(new JarEntry(path));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static ClassPathPackages on(Platform platform, Path... classPath) throws IOException {
        URL[] urls = new URL[classPath.length];
        for (int i = 0; i < classPath.length; i++) {
            urls[i] = classPath[i].toUri().toURL();
        }
        return new ClassPathPackages(new URLClassLoader(urls, null), platform);
    }

    @Test
    void aPackageInAJarIsExtractedWithItsNativeLibrariesAndReusedAfterwards() throws IOException {
        Path jar = jar("hello-1.2.3.jar", Map.of(DESCRIPTOR, descriptor("hello", "cp314", "linux-x86_64",
                        "native-libraries=org/example/libs/${platform}/liba.so.1, org/example/libs/${platform}/libb.so\n"),
                "org/example/hello/linux-x86_64/python/hello/__init__.py", "GREETING = 'hi'\n",
                "org/example/hello/linux-x86_64/python/hello-1.2.3.dist-info/METADATA", "Name: hello\n",
                "org/example/libs/linux-x86_64/liba.so.1", "a",
                "org/example/libs/linux-x86_64/libb.so", "b"));
        Path cache = tmp.resolve("cache");

        List<PythonPackage> packages = on(LINUX, jar).prepareAll(embedded314(), cache);

        assertThat(packages).hasSize(1);
        PythonPackage hello = packages.get(0);
        assertThat(hello.toString()).isEqualTo("hello 1.2.3 (cp314, linux-x86_64)");
        assertThat(hello.source()).contains("hello-1.2.3.jar");
        assertThat(hello.path().resolve("hello/__init__.py")).hasContent("GREETING = 'hi'");
        assertThat(hello.path().resolve("hello-1.2.3.dist-info/METADATA")).exists();
        assertThat(hello.path().getParent().getParent()).isEqualTo(cache.resolve("packages").toRealPath());
        assertThat(hello.path().getParent().getFileName().toString()).startsWith("hello-1.2.3-cp314-linux-x86_64-");
        assertThat(hello.nativeLibraries()).extracting(p -> p.getFileName().toString()).containsExactly("liba.so.1", "libb.so");
        assertThat(hello.nativeLibraries().get(0)).hasContent("a");
        assertThat(Files.isWritable(hello.path())).as("imports write their .pyc there").isTrue();

        Files.writeString(hello.path().resolve("hello/marker"), "still the first extraction");
        PythonPackage again = on(LINUX, jar).prepareAll(embedded314(), cache).get(0);
        assertThat(again.path()).isEqualTo(hello.path());
        assertThat(again.path().resolve("hello/marker")).exists();
    }

    @Test
    void aPurePackageInAClassPathFolderFitsEveryRuntimeAndPlatform() throws IOException {
        Path folder = tmp.resolve("classes");
        Files.createDirectories(folder.resolve("META-INF/pyembed"));
        Files.writeString(folder.resolve(DESCRIPTOR), descriptor("pure", "py3", "any", ""));
        Path module = folder.resolve("org/example/pure/macosx-arm64/python/pure.py");
        Files.createDirectories(module.getParent());
        Files.writeString(module, "X = 1\n");

        List<PythonPackage> packages = on(new Platform("macosx", "arm64"), folder)
                .prepareAll(runtime(RuntimeSource.SYSTEM, "3.11.7"), tmp.resolve("cache"));

        assertThat(packages).singleElement().satisfies(p -> {
            assertThat(p.path().resolve("pure.py")).hasContent("X = 1");
            assertThat(p.nativeLibraries()).isEmpty();
        });
    }

    @Test
    void aPackageCompiledForAnotherCPythonIsRefusedNamingTheArtifactAndItsTag() throws IOException {
        Path jar = jar("numpy-for-313.jar", Map.of(DESCRIPTOR, descriptor("numpy", "cp313", "linux-x86_64", "")));
        assertThatThrownBy(() -> on(LINUX, jar).prepareAll(embedded314(), tmp.resolve("cache")))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("numpy 1.2.3 (cp313, linux-x86_64)").hasMessageContaining("numpy-for-313.jar")
                .hasMessageContaining("compiled for CPython 3.13").hasMessageContaining("runs CPython 3.14.3")
                .hasMessageContaining("cp314").hasMessageContaining("pyembed.packages.enabled=false");
        assertThat(tmp.resolve("cache")).doesNotExist(); // refused before anything is extracted
    }

    @Test
    void aCompiledPackageOnARuntimeOtherThanTheEmbeddedOneIsRefused() throws IOException {
        Path jar = jar("numpy.jar", Map.of(DESCRIPTOR, descriptor("numpy", "cp314", "linux-x86_64", "")));
        assertThatThrownBy(() -> on(LINUX, jar).prepareAll(runtime(RuntimeSource.SYSTEM, "3.14.0"), tmp))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("compiled for the embedded CPython").hasMessageContaining("system runtime")
                .hasMessageContaining("pyembed.runtime=embedded");
    }

    @Test
    void aPackageForAnotherPlatformIsRefused() throws IOException {
        Path jar = jar("numpy-mac.jar", Map.of(DESCRIPTOR, descriptor("numpy", "cp314", "macosx-arm64", "")));
        assertThatThrownBy(() -> on(LINUX, jar).prepareAll(embedded314(), tmp))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("numpy-mac.jar").hasMessageContaining("built for macosx-arm64")
                .hasMessageContaining("runs on linux-x86_64");
    }

    @Test
    void brokenDescriptorsMissingFilesAndDuplicatesNameWhatToFix() throws IOException {
        Path noRoot = jar("no-root.jar", Map.of(DESCRIPTOR, "id=x\nversion=1\npython-tag=py3\nplatform=any\n"));
        assertThatThrownBy(() -> on(LINUX, noRoot).prepareAll(embedded314(), tmp))
                .isInstanceOf(PythonStartException.class).hasMessageContaining("no-root.jar").hasMessageContaining("has no root");

        Path badTag = jar("bad-tag.jar", Map.of(DESCRIPTOR, descriptor("x", "cp2", "any", "")));
        assertThatThrownBy(() -> on(LINUX, badTag).prepareAll(embedded314(), tmp))
                .isInstanceOf(PythonStartException.class).hasMessageContaining("python-tag=cp2");

        Path missingFiles = jar("empty.jar", Map.of(DESCRIPTOR, descriptor("empty", "py3", "any", "")));
        assertThatThrownBy(() -> on(LINUX, missingFiles).prepareAll(embedded314(), tmp))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("org/example/empty/linux-x86_64/python, which is not on the class path");

        Path missingLibrary = jar("no-lib.jar", Map.of(DESCRIPTOR, descriptor("nolib", "py3", "any",
                "native-libraries=org/example/none/libz.so\n"), "org/example/nolib/linux-x86_64/python/m.py", ""));
        assertThatThrownBy(() -> on(LINUX, missingLibrary).prepareAll(embedded314(), tmp))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("native library org/example/none/libz.so").hasMessageContaining("no-lib.jar");

        Path one = jar("one.jar", Map.of(DESCRIPTOR, descriptor("twin", "py3", "any", "")));
        Path two = jar("two.jar", Map.of(DESCRIPTOR, descriptor("twin", "py3", "any", "")));
        assertThatThrownBy(() -> on(LINUX, one, two).prepareAll(embedded314(), tmp))
                .isInstanceOf(PythonStartException.class).hasMessageContaining("'twin'")
                .hasMessageContaining("one.jar").hasMessageContaining("two.jar");
    }

    @Test
    void thePlatformsOwnLibraryListReplacesTheDefaultOne() throws IOException {
        Path jar = jar("libs.jar", Map.of(DESCRIPTOR, descriptor("libs", "py3", "any",
                        "native-libraries=lib/${platform}/libx.so\nnative-libraries.macosx-arm64=lib/${platform}/libx.dylib\n"),
                "org/example/libs/macosx-arm64/python/m.py", "", "lib/macosx-arm64/libx.dylib", "mac",
                "org/example/libs/linux-x86_64/python/m.py", "", "lib/linux-x86_64/libx.so", "linux"));
        assertThat(on(new Platform("macosx", "arm64"), jar).prepareAll(embedded314(), tmp.resolve("c1")).get(0)
                .nativeLibraries()).singleElement().satisfies(p -> assertThat(p).hasContent("mac"));
        assertThat(on(LINUX, jar).prepareAll(embedded314(), tmp.resolve("c2")).get(0)
                .nativeLibraries()).singleElement().satisfies(p -> assertThat(p).hasContent("linux"));
    }

    @Test
    void theContentHashNotTheJarsLocationKeysTheCacheFolderWhenGiven() throws IOException {
        String withHash = descriptor("same", "py3", "any", "content-hash=abc123\n");
        Path a = jar("a.jar", Map.of(DESCRIPTOR, withHash, "org/example/same/linux-x86_64/python/m.py", ""));
        Path b = jar("b.jar", Map.of(DESCRIPTOR, withHash, "org/example/same/linux-x86_64/python/m.py", ""));
        Path cache = tmp.resolve("cache");
        assertThat(on(LINUX, a).prepareAll(embedded314(), cache).get(0).path())
                .isEqualTo(on(LINUX, b).prepareAll(embedded314(), cache).get(0).path());

        String noHash = descriptor("where", "py3", "any", "");
        Path c = jar("c.jar", Map.of(DESCRIPTOR, noHash, "org/example/where/linux-x86_64/python/m.py", ""));
        Path d = jar("d.jar", Map.of(DESCRIPTOR, noHash, "org/example/where/linux-x86_64/python/m.py", ""));
        assertThat(on(LINUX, c).prepareAll(embedded314(), cache).get(0).path())
                .isNotEqualTo(on(LINUX, d).prepareAll(embedded314(), cache).get(0).path());
    }
}
