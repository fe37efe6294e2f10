package dev.pyembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start failures name what to fix, leave the engine FAILED, and leave the process able to start another engine. */
class StartFailureTest {

    @TempDir
    Path temp;

    @Test
    void aLibraryPathThatDoesNotExistNamesThePathAndTheProperty() {
        Path missing = temp.resolve("no/such/libpython3.12.so");
        PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.PATH).library(missing).build();
        assertThatThrownBy(engine::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("pyembed.library");
        assertThat(engine.state()).isEqualTo(EngineState.FAILED);
        assertThat(engine.failure()).isInstanceOf(PythonStartException.class);
        assertThatThrownBy(engine::acquireGil).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed to start");
        engine.close(); // harmless
    }

    @Test
    void aFileThatIsNotALibraryIsRefusedWithoutCrashing() throws IOException {
        Path fake = Files.writeString(temp.resolve("libpython3.12.so"), "not an ELF file");
        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve("lib/python3.12/encodings"));
        Files.writeString(home.resolve("lib/python3.12/os.py"), "");
        PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.PATH).library(fake).home(home).build();
        assertThatThrownBy(engine::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining(fake.toString()).hasMessageContaining("is not a shared library")
                .hasMessageNotContaining("Python home");
        assertThat(engine.state()).isEqualTo(EngineState.FAILED);
    }

    @Test
    void aHomeWithoutAStandardLibraryNamesTheHomeProperty() {
        PythonEngine good = TestEngines.builder().build();
        Path library = good.start().runtime().library();
        good.close();
        Path emptyHome = temp.resolve("empty-home");
        PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.PATH).library(library).home(emptyHome).build();
        assertThatThrownBy(engine::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining(emptyHome.toString()).hasMessageContaining("pyembed.home");
    }

    @Test
    void aVenvFolderWithoutPyvenvCfgNamesTheVenvProperty() {
        PythonEngine engine = PythonEngine.builder().venv(temp).build();
        assertThatThrownBy(engine::start).isInstanceOf(PythonStartException.class).hasMessageContaining("pyembed.venv");
    }

    @Test
    void afterAFailedStartAnotherEngineStarts() {
        PythonEngine broken = PythonEngine.builder().runtime(RuntimeSelection.PATH).library(temp.resolve("nope.so")).build();
        assertThatThrownBy(broken::start).isInstanceOf(PythonStartException.class);
        try (PythonEngine engine = TestEngines.builder().start()) {
            Object result = engine.withGil(gil -> gil.eval("6 * 7"));
            assertThat(result).isEqualTo(42L);
        }
    }

    @Test
    void twoRunningEnginesInOneProcessAreRefused() {
        try (PythonEngine first = TestEngines.builder().start()) {
            assertThatThrownBy(() -> TestEngines.builder().start()).isInstanceOf(PythonStartException.class)
                    .hasMessageContaining("one main interpreter per process");
            assertThat(first.state()).isEqualTo(EngineState.RUNNING);
        }
    }

    @Test
    void anEngineStartsOnlyOnce() {
        PythonEngine engine = TestEngines.builder().start();
        engine.close();
        assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("build a new one");
    }
}
