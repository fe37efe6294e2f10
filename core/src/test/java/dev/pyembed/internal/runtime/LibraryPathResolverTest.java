package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code pyembed.library} (+ {@code pyembed.home}): real installations and fake prefixes built from files. */
class LibraryPathResolverTest {

    @TempDir
    Path tmp;

    private final LibraryPathResolver resolver = new LibraryPathResolver(HostEnvironment.current());

    /** A prefix with {@code lib/pythonX.Y/os.py} and a fake libpython (a header only) at {@code relativeLibrary}. */
    private Path fakePrefix(String majorMinor, String relativeLibrary) throws IOException {
        Path prefix = tmp.resolve("prefix");
        Files.createDirectories(prefix.resolve("lib/python" + majorMinor));
        Files.writeString(prefix.resolve("lib/python" + majorMinor + "/os.py"), "");
        LibraryHeaders.writeFake(prefix.resolve(relativeLibrary));
        return prefix;
    }

    @Test
    void aMissingLibraryIsNamedWithTheProperty() {
        Path missing = tmp.resolve("nowhere/libpython3.12.so");

        assertThatThrownBy(() -> resolver.resolve(missing, null))
                .isInstanceOf(PythonStartException.class)
                .hasMessageStartingWith("pyembed.library=" + missing + " does not exist")
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.library"));
    }

    @Test
    void aFolderIsNotALibrary() {
        assertThatThrownBy(() -> resolver.resolve(tmp, null))
                .hasMessageStartingWith("pyembed.library=" + tmp + " is not a file");
    }

    @Test
    void theRealSystemLibraryResolvesWithItsHomeAndFullVersionDerived() {
        HostEnvironment host = HostEnvironment.current();
        assumeThat(host.findOnPath("python3")).as("python3 on PATH").isPresent();
        PythonRuntime system = new SystemPythonResolver(host).resolve();

        PythonRuntime runtime = resolver.resolve(system.library(), null);

        assertThat(runtime.source()).isEqualTo(RuntimeSource.PATH);
        assertThat(runtime.library()).isEqualTo(system.library());
        assertThat(runtime.home()).isEqualTo(system.home());
        assertThat(runtime.version().majorMinor()).isEqualTo(system.version().majorMinor());
        assertThat(runtime.executable()).isNotNull().isExecutable();
    }

    @Test
    void aLibraryInPrefixLibGivesThePrefixAsHome() throws IOException {
        Path prefix = fakePrefix("3.12", "lib/libpython3.12.so");

        PythonRuntime runtime = resolver.resolve(prefix.resolve("lib/libpython3.12.so"), null);

        assertThat(runtime.home()).isEqualTo(prefix);
        assertThat(runtime.version()).hasToString("3.12.0"); // the name says 3.12, nothing says the micro
        assertThat(runtime.executable()).isNull();
        assertThat(runtime.sitePackages()).isEmpty();
    }

    @Test
    void theMicroVersionComesFromTheHeadersWhenTheyAreThere() throws IOException {
        Path prefix = fakePrefix("3.12", "lib/libpython3.12.so");
        Files.createDirectories(prefix.resolve("include/python3.12"));
        Files.writeString(prefix.resolve("include/python3.12/patchlevel.h"),
                "#define PY_MINOR_VERSION 12\n#define PY_VERSION              \"3.12.4\"\n");

        assertThat(resolver.resolve(prefix.resolve("lib/libpython3.12.so"), null).version()).hasToString("3.12.4");
    }

    @Test
    void aDebianMultiarchLibraryGivesThePrefixAsHome() throws IOException {
        Path prefix = fakePrefix("3.11", "lib/x86_64-linux-gnu/libpython3.11.so.1.0");

        PythonRuntime runtime = resolver.resolve(prefix.resolve("lib/x86_64-linux-gnu/libpython3.11.so.1.0"), null);

        assertThat(runtime.home()).isEqualTo(prefix);
    }

    @Test
    void aLibraryNextToLibPythonGivesItsOwnFolder() throws IOException {
        Path prefix = fakePrefix("3.14", "libpython3.14.so.1.0"); // the layout of the embedded runtime

        assertThat(resolver.resolve(prefix.resolve("libpython3.14.so.1.0"), null).home()).isEqualTo(prefix);
    }

    @Test
    void aHomeWithoutStandardLibraryIsRefusedNamingPyembedHome() throws IOException {
        Path prefix = fakePrefix("3.12", "lib/libpython3.12.so");
        Path wrongHome = Files.createDirectories(tmp.resolve("wrong"));

        assertThatThrownBy(() -> resolver.resolve(prefix.resolve("lib/libpython3.12.so"), wrongHome))
                .hasMessageContaining("the Python home " + wrongHome)
                .hasMessageContaining(wrongHome.resolve("lib/python3.12/os.py") + " is missing")
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.home"));
    }

    @Test
    void aHomeThatCannotBeDerivedIsAnErrorNamingPyembedHome() throws IOException {
        Path library = LibraryHeaders.writeFake(tmp.resolve("somewhere/lib/libpython3.12.so"));

        assertThatThrownBy(() -> resolver.resolve(library, null))
                .hasMessageContaining("could not find the Python home of " + library)
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.home"));
    }

    @Test
    void anUnsupportedVersionIsRefused() throws IOException {
        Path prefix = fakePrefix("3.9", "lib/libpython3.9.so");

        assertThatThrownBy(() -> resolver.resolve(prefix.resolve("lib/libpython3.9.so"), null))
                .hasMessageContaining("is CPython 3.9.0; pyembed supports CPython 3.10 to 3.14");
    }

    @Test
    void whenTheNameDoesNotTellTheHomesInterpreterIsAsked() throws IOException {
        assumeThat(Platform.current().isWindows()).isFalse();
        Path prefix = fakePrefix("3.13", "lib/libpython3.so");
        SystemPythonResolverTest.writeFakePython(prefix.resolve("bin"), List.of(), List.of(
                "pyembed.version=3.13.1", "pyembed.base_prefix=" + prefix));

        PythonRuntime runtime = resolver.resolve(prefix.resolve("lib/libpython3.so"), null);

        assertThat(runtime.version()).hasToString("3.13.1");
        assertThat(runtime.home()).isEqualTo(prefix);
        assertThat(runtime.executable()).isEqualTo(prefix.resolve("bin/python3"));
    }

    @Test
    void whenTheNameDoesNotTellAndNoInterpreterIsThereTheErrorSaysSo() throws IOException {
        Path prefix = fakePrefix("3.13", "lib/libpython3.so");

        assertThatThrownBy(() -> resolver.resolve(prefix.resolve("lib/libpython3.so"), null))
                .hasMessageContaining("cannot tell the Python version of " + prefix.resolve("lib/libpython3.so"))
                .hasMessageContaining("has no bin/python3 to ask");
    }
}
