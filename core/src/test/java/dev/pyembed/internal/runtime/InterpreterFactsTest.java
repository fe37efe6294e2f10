package dev.pyembed.internal.runtime;

import dev.pyembed.PythonVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decisions taken on what an interpreter printed; the printing itself is covered by the resolver tests. */
class InterpreterFactsTest {

    private static InterpreterFacts facts(Map<String, String> vars) {
        return new InterpreterFacts(Path.of("/usr/bin/python3"), new PythonVersion(3, 12, 3), Path.of("/usr"),
                Path.of("/usr"), Path.of("/usr/bin/python3.12"), vars);
    }

    @Test
    void anInterpreterWhosePrefixIsItsBasePrefixIsNoVenv() {
        assertThat(facts(Map.of()).venv()).isEmpty();
    }

    @Test
    void aSharedBuildIsNotStatic() {
        assertThat(facts(Map.of("Py_ENABLE_SHARED", "1", "LDLIBRARY", "libpython3.12.so")).isStaticBuild()).isFalse();
    }

    @Test
    void sharedDisabledOrAnArchiveLibraryIsAStaticBuild() {
        assertThat(facts(Map.of("Py_ENABLE_SHARED", "0", "LDLIBRARY", "libpython3.12.a")).isStaticBuild()).isTrue();
        assertThat(facts(Map.of("LDLIBRARY", "libpython3.12.a")).isStaticBuild()).isTrue();
    }

    @Test
    void aMacFrameworkBuildIsSharedAlthoughItSaysPyEnableSharedZero() {
        InterpreterFacts framework = facts(Map.of("Py_ENABLE_SHARED", "0", "PYTHONFRAMEWORK", "Python",
                "LDLIBRARY", "Python.framework/Versions/3.12/Python",
                "PYTHONFRAMEWORKPREFIX", "/Library/Frameworks"));
        assertThat(framework.isStaticBuild()).isFalse();
        assertThat(framework.libraryCandidates())
                .contains(Path.of("/Library/Frameworks/Python.framework/Versions/3.12/Python"));
    }

    @Test
    void aWindowsBuildNamesNoLibraryAndIsShared() {
        InterpreterFacts windows = facts(Map.of());
        assertThat(windows.isStaticBuild()).isFalse();
        assertThat(windows.libraryCandidates()).contains(Path.of("/usr/python312.dll"));
    }

    @Test
    void libraryCandidatesFollowLibdirLdlibraryThenSonameThenMultiarch() {
        InterpreterFacts debian = facts(Map.of("LIBDIR", "/usr/lib", "LDLIBRARY", "libpython3.12.so",
                "INSTSONAME", "libpython3.12.so.1.0", "MULTIARCH", "x86_64-linux-gnu", "Py_ENABLE_SHARED", "1"));
        assertThat(debian.libraryCandidates()).startsWith(Path.of("/usr/lib/libpython3.12.so"),
                Path.of("/usr/lib/libpython3.12.so.1.0"), Path.of("/usr/lib/x86_64-linux-gnu/libpython3.12.so"));
    }

    @Test
    void probeOutputIsReadFromPrefixedLinesOnly() throws IOException {
        InterpreterFacts parsed = InterpreterProbe.parse(Path.of("python3"), List.of(
                "hello from sitecustomize",
                "pyembed.version=3.12.3",
                "pyembed.prefix=/home/me/venv",
                "pyembed.base_prefix=/opt/py",
                "pyembed.executable=/opt/py/bin/python3.12",
                "pyembed.LIBDIR=/opt/py/lib",
                "pyembed.MULTIARCH="));
        assertThat(parsed.version()).isEqualTo(new PythonVersion(3, 12, 3));
        assertThat(parsed.basePrefix()).isEqualTo(Path.of("/opt/py"));
        assertThat(parsed.venv()).hasValue(Path.of("/home/me/venv"));
        assertThat(parsed.executable()).isEqualTo(Path.of("/opt/py/bin/python3.12"));
        assertThat(parsed.var("LIBDIR")).hasValue("/opt/py/lib");
        assertThat(parsed.var("MULTIARCH")).isEmpty();
    }

    @Test
    void outputWithoutAVersionIsNotAPythonAnswer() {
        assertThatThrownBy(() -> InterpreterProbe.parse(Path.of("/usr/bin/python3"), List.of("Python 2.7.18")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/usr/bin/python3 did not answer the probe like a Python 3 interpreter")
                .hasMessageContaining("Python 2.7.18");
    }
}
