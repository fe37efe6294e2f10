package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The system source against the real {@code python3} on PATH, and against fake ones: shell scripts on a
 * test-only PATH that print what a static, an old or a broken Python would print (real processes all).
 */
class SystemPythonResolverTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void posixShellOnly() {
        assumeThat(Platform.current().isWindows()).as("the fake interpreters are shell scripts").isFalse();
    }

    /** A {@code python3} shell script in {@code dir} that prints these lines (after the optional shell lines). */
    static Path writeFakePython(Path dir, List<String> shellLines, List<String> printed) throws IOException {
        Files.createDirectories(dir);
        List<String> script = new ArrayList<>(List.of("#!/bin/sh"));
        script.addAll(shellLines);
        printed.forEach(line -> script.add("echo '" + line + "'"));
        Path python3 = dir.resolve("python3");
        Files.write(python3, script);
        Files.setPosixFilePermissions(python3, PosixFilePermissions.fromString("rwxr-xr-x"));
        return python3;
    }

    /** What {@code python3} of a CPython built without {@code --enable-shared} prints for the probe. */
    static List<String> staticBuildAnswer(Path prefix) {
        return List.of(
                "pyembed.version=3.12.3",
                "pyembed.base_prefix=" + prefix,
                "pyembed.executable=" + prefix.resolve("bin/python3.12"),
                "pyembed.LIBDIR=" + prefix.resolve("lib"),
                "pyembed.LDLIBRARY=libpython3.12.a",
                "pyembed.Py_ENABLE_SHARED=0",
                "pyembed.INSTSONAME=libpython3.12.a",
                "pyembed.MULTIARCH=x86_64-linux-gnu");
    }

    static HostEnvironment hostWithPath(Path... dirs) {
        List<String> path = new ArrayList<>();
        for (Path dir : dirs) {
            path.add(dir.toString());
        }
        return HostEnvironment.current().withVariable("PATH", String.join(java.io.File.pathSeparator, path));
    }

    @Test
    void theSystemPython3IsASupportedSharedBuildWhoseLibraryExists() {
        HostEnvironment host = HostEnvironment.current();
        assumeThat(host.findOnPath("python3")).as("python3 on PATH").isPresent();

        PythonRuntime runtime = new SystemPythonResolver(host).resolve();

        assertThat(runtime.source()).isEqualTo(RuntimeSource.SYSTEM);
        assertThat(runtime.version().isSupported()).isTrue();
        assertThat(runtime.library()).isRegularFile();
        assertThat(runtime.library().getFileName().toString()).contains("python" + runtime.version().majorMinor());
        assertThat(runtime.home().resolve("lib/python" + runtime.version().majorMinor() + "/os.py")).isRegularFile();
        assertThat(runtime.executable()).isRegularFile().isExecutable();
        assertThat(runtime.venv()).isNull();
        assertThat(runtime.reason()).startsWith("system python3 at ").endsWith("(shared build)");
    }

    @Test
    void aStaticBuildIsRefusedWithTheEmbeddedRuntimeAsTheWayOut() throws IOException {
        Path prefix = tmp.resolve("static");
        writeFakePython(tmp.resolve("bin"), List.of(), staticBuildAnswer(prefix));

        assertThatThrownBy(() -> new SystemPythonResolver(hostWithPath(tmp.resolve("bin"))).resolve())
                .isInstanceOf(PythonStartException.class)
                .hasMessageStartingWith("python3 at " + prefix.resolve("bin/python3.12")
                        + " is a static build (no libpython shared library)")
                .satisfies(e -> assertThat(((PythonStartException) e).action())
                        .contains("--enable-shared").contains("pyembed.runtime=embedded"));
    }

    @Test
    void theProbeRunsWithoutThePythonVariablesOfTheUsersShell() throws IOException {
        // The fake fails when it sees any of them; it answers only when the locator removed them.
        writeFakePython(tmp.resolve("bin"), List.of(
                "if [ -n \"$PYTHONHOME$PYTHONPATH$PYTHONSTARTUP\" ]; then echo \"leaked: $PYTHONHOME\"; exit 3; fi"),
                staticBuildAnswer(tmp.resolve("static")));
        HostEnvironment host = hostWithPath(tmp.resolve("bin"))
                .withVariable("PYTHONHOME", "/nonexistent/home")
                .withVariable("PYTHONPATH", "/nonexistent/path")
                .withVariable("PYTHONSTARTUP", "/nonexistent/startup.py");

        assertThatThrownBy(() -> new SystemPythonResolver(host).resolve())
                .hasMessageContaining("is a static build")
                .hasMessageNotContaining("leaked");
    }

    @Test
    void noPython3OnPathIsAClearError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThatThrownBy(() -> new SystemPythonResolver(hostWithPath(empty)).resolve())
                .isInstanceOf(PythonStartException.class)
                .hasMessageStartingWith("no python3 found on PATH (" + empty + ")")
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.runtime=embedded"));
    }

    @Test
    void aVersionOutsideTheSupportedRangeIsNamed() throws IOException {
        Path prefix = tmp.resolve("old");
        writeFakePython(tmp.resolve("bin"), List.of(), List.of(
                "pyembed.version=3.9.18",
                "pyembed.base_prefix=" + prefix,
                "pyembed.executable=" + prefix.resolve("bin/python3.9"),
                "pyembed.LIBDIR=" + prefix.resolve("lib"),
                "pyembed.LDLIBRARY=libpython3.9.so",
                "pyembed.Py_ENABLE_SHARED=1"));

        assertThatThrownBy(() -> new SystemPythonResolver(hostWithPath(tmp.resolve("bin"))).resolve())
                .hasMessageContaining("is CPython 3.9.18; pyembed supports CPython 3.10 to 3.14");
    }

    @Test
    void aSharedBuildWhoseLibraryIsMissingSaysWhereItLooked() throws IOException {
        Path prefix = tmp.resolve("debian");
        writeFakePython(tmp.resolve("bin"), List.of(), List.of(
                "pyembed.version=3.11.2",
                "pyembed.base_prefix=" + prefix,
                "pyembed.executable=" + prefix.resolve("bin/python3.11"),
                "pyembed.LIBDIR=" + prefix.resolve("lib"),
                "pyembed.LDLIBRARY=libpython3.11.so",
                "pyembed.INSTSONAME=libpython3.11.so.1.0",
                "pyembed.Py_ENABLE_SHARED=1"));

        assertThatThrownBy(() -> new SystemPythonResolver(hostWithPath(tmp.resolve("bin"))).resolve())
                .hasMessageContaining("is a shared build, but its libpython is not where sysconfig says")
                .hasMessageContaining(prefix.resolve("lib/libpython3.11.so.1.0").toString())
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("libpython3.11"));
    }

    @Test
    void aFreeThreadedBuildIsRefused() throws IOException {
        Path prefix = tmp.resolve("nogil");
        Files.createDirectories(prefix.resolve("lib/python3.13t"));
        Files.writeString(prefix.resolve("lib/libpython3.13t.so"), "");
        writeFakePython(tmp.resolve("bin"), List.of(), List.of(
                "pyembed.version=3.13.1",
                "pyembed.base_prefix=" + prefix,
                "pyembed.executable=" + prefix.resolve("bin/python3.13t"),
                "pyembed.LIBDIR=" + prefix.resolve("lib"),
                "pyembed.LDLIBRARY=libpython3.13t.so",
                "pyembed.Py_ENABLE_SHARED=1",
                "pyembed.Py_GIL_DISABLED=1"));

        assertThatThrownBy(() -> new SystemPythonResolver(hostWithPath(tmp.resolve("bin"))).resolve())
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining("free-threaded build (no GIL)")
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.runtime=embedded"));
    }

    @Test
    void aSharedBuildWhoseLibraryIsThereIsAccepted() throws IOException {
        Path prefix = tmp.resolve("fake");
        Files.createDirectories(prefix.resolve("lib/python3.12"));
        Files.writeString(prefix.resolve("lib/python3.12/os.py"), "");
        Files.writeString(prefix.resolve("lib/libpython3.12.so.1.0"), ""); // only INSTSONAME exists
        writeFakePython(tmp.resolve("bin"), List.of(), List.of(
                "pyembed.version=3.12.3",
                "pyembed.base_prefix=" + prefix,
                "pyembed.executable=" + prefix.resolve("bin/python3.12"),
                "pyembed.LIBDIR=" + prefix.resolve("lib"),
                "pyembed.LDLIBRARY=libpython3.12.so",
                "pyembed.INSTSONAME=libpython3.12.so.1.0",
                "pyembed.Py_ENABLE_SHARED=1"));

        PythonRuntime runtime = new SystemPythonResolver(hostWithPath(tmp.resolve("bin"))).resolve();

        assertThat(runtime.library()).isEqualTo(prefix.resolve("lib/libpython3.12.so.1.0"));
        assertThat(runtime.home()).isEqualTo(prefix);
        assertThat(runtime.version()).hasToString("3.12.3");
    }

    @Test
    void aPython3ThatHangsIsKilledAfterTheTimeout() throws IOException {
        writeFakePython(tmp.resolve("bin"), List.of("exec /bin/sleep 60"), List.of());
        HostEnvironment host = hostWithPath(tmp.resolve("bin")).withProcessTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> new SystemPythonResolver(host).resolve())
                .hasMessageContaining("did not answer within 300 ms and was killed");
    }

    @Test
    void aPython3ThatFailsIsReportedWithItsOutput() throws IOException {
        writeFakePython(tmp.resolve("bin"), List.of("echo 'Fatal Python error: init_fs_encoding' >&2", "exit 1"),
                List.of());

        assertThatThrownBy(() -> new SystemPythonResolver(hostWithPath(tmp.resolve("bin"))).resolve())
                .hasMessageContaining("could not be probed")
                .hasMessageContaining("exited with code 1: Fatal Python error: init_fs_encoding");
    }
}
