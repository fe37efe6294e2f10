package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.RuntimeSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code pyembed.venv}: a real venv made by {@code python3 -m venv}, and broken ones. */
class VenvResolverTest {

    @TempDir
    static Path shared;
    static Path venv;

    @TempDir
    Path tmp;

    private final VenvResolver resolver = new VenvResolver(HostEnvironment.current());

    @BeforeAll
    static void makeVenv() throws Exception {
        Path python3 = HostEnvironment.current().findOnPath("python3").orElse(null);
        assumeThat(python3).as("python3 on PATH").isNotNull();
        venv = shared.resolve("venv");
        Process process = new ProcessBuilder(python3.toString(), "-m", "venv", "--without-pip", venv.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void aVenvResolvesToItsBaseLibraryWithItsSitePackagesAndItsOwnPython() {
        PythonRuntime runtime = resolver.resolve(venv);
        String majorMinor = runtime.version().majorMinor();

        assertThat(runtime.source()).isEqualTo(RuntimeSource.VENV);
        assertThat(runtime.venv()).isEqualTo(venv.toAbsolutePath());
        assertThat(runtime.sitePackages()).containsExactly(venv.resolve("lib/python" + majorMinor + "/site-packages"));
        assertThat(runtime.executable()).isEqualTo(venv.resolve("bin/python"));
        assertThat(runtime.library()).isRegularFile();
        assertThat(runtime.home().resolve("lib/python" + majorMinor + "/os.py")).isRegularFile();
        assertThat(runtime.reason()).startsWith("venv " + venv);
    }

    @Test
    void anActivatedVenvOnPathKeepsItsSitePackagesAsTheSystemPython() {
        PythonRuntime runtime = new SystemPythonResolver(SystemPythonResolverTest.hostWithPath(venv.resolve("bin")))
                .resolve();

        assertThat(runtime.source()).isEqualTo(RuntimeSource.SYSTEM);
        assertThat(runtime.venv()).isEqualTo(venv);
        assertThat(runtime.sitePackages())
                .containsExactly(venv.resolve("lib/python" + runtime.version().majorMinor() + "/site-packages"));
        assertThat(runtime.executable()).isEqualTo(venv.resolve("bin/python3"));
        assertThat(runtime.reason()).contains("venv " + venv + " on ");
    }

    @Test
    void autoUsesAConfiguredVenv() {
        PythonRuntime runtime = new RuntimeLocator(HostEnvironment.current(), getClass().getClassLoader())
                .find(new RuntimeRequest(RuntimeSelection.AUTO, null, null, venv, tmp));

        assertThat(runtime.source()).isEqualTo(RuntimeSource.VENV);
        assertThat(runtime.reason()).startsWith("auto: using venv ");
    }

    @Test
    void aFolderWithoutPyvenvCfgIsNotAVenv() {
        assertThatThrownBy(() -> resolver.resolve(tmp))
                .isInstanceOf(PythonStartException.class)
                .hasMessageStartingWith("pyembed.venv=" + tmp + " is not a virtualenv: it has no pyvenv.cfg")
                .satisfies(e -> assertThat(((PythonStartException) e).action()).contains("pyembed.venv"));
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> resolver.resolve(missing))
                .hasMessageStartingWith("pyembed.venv=" + missing + " is not a folder");
    }

    @Test
    void aVenvWhoseBaseInterpreterIsGoneSaysSo() throws IOException {
        Files.writeString(tmp.resolve("pyvenv.cfg"), "home = " + tmp.resolve("gone/bin") + "\nversion = 3.12.1\n");

        assertThatThrownBy(() -> resolver.resolve(tmp))
                .hasMessageContaining("the base interpreter of venv " + tmp + " is gone")
                .hasMessageContaining("home=" + tmp.resolve("gone/bin"));
    }

    @Test
    void aVenvOnAStaticBuildIsRefused() throws IOException {
        assumeThat(Platform.current().isWindows()).isFalse();
        Path base = tmp.resolve("base");
        SystemPythonResolverTest.writeFakePython(base.resolve("bin"), List.of(),
                SystemPythonResolverTest.staticBuildAnswer(base));
        Path staticVenv = Files.createDirectories(tmp.resolve("venv"));
        Files.writeString(staticVenv.resolve("pyvenv.cfg"), "Home = " + base.resolve("bin") + "\nversion_info = 3.12.3.final.0\n");

        assertThatThrownBy(() -> resolver.resolve(staticVenv))
                .hasMessageContaining("the base interpreter of venv " + staticVenv)
                .hasMessageContaining("is a static build (no libpython shared library)");
    }

    @Test
    void aLibraryAndAVenvTogetherAreAmbiguous() {
        RuntimeLocator locator = new RuntimeLocator(HostEnvironment.current(), getClass().getClassLoader());

        assertThatThrownBy(() -> locator.find(new RuntimeRequest(RuntimeSelection.PATH, tmp.resolve("libpython3.12.so"),
                null, venv, null)))
                .hasMessageContaining("both pyembed.library=")
                .hasMessageContaining("set only one of them");
    }
}
