package dev.pyembed.internal.runtime;

import dev.pyembed.PythonVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LibraryFileNameTest {

    @ParameterizedTest
    @CsvSource({
            "libpython3.11.so, 3.11",
            "libpython3.14.so.1.0, 3.14",
            "libpython3.11.dylib, 3.11",
            "libpython3.13t.so, 3.13",
            "libpython3.10d.so.1.0, 3.10",
            "python311.dll, 3.11",
            "python314.dll, 3.14",
    })
    void theNameTellsTheMajorAndMinorVersion(String name, String majorMinor) {
        assertThat(LibraryFileName.version(Path.of("/opt/py/lib", name)))
                .hasValue(PythonVersion.parse(majorMinor));
    }

    @ParameterizedTest
    @CsvSource({"libpython3.13t.so, true", "libpython3.14t.so.1.0, true", "libpython3.13.so, false",
            "libpython3.10d.so, false", "python313t.dll, false"})
    void theNameTellsAFreeThreadedBuild(String name, boolean freeThreaded) {
        assertThat(LibraryFileName.isFreeThreaded(Path.of("/opt/py/lib", name))).isEqualTo(freeThreaded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"libpython3.so", "python3.dll", "libpython3.11.a", "mylibpython.so", "libfoo.so"})
    void namesThatDoNotTellGiveNothing(String name) {
        assertThat(LibraryFileName.version(Path.of("/opt/py/lib", name))).isEmpty();
    }
}
