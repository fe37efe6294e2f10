package dev.pyembed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What CPython would abort the process on at start (a {@code Py_FatalError} takes the JVM with it) is checked before
 * it runs: each case in a JVM of its own, which must refuse with a message naming the path and the setting to fix,
 * and then start a good engine. Runs on every version of the test runtime.
 */
class StartFailureSurvivalTest {

    @TempDir
    Path scratch;

    @Test
    void aHomeWithoutTheEncodingsPackageIsRefusedBeforeCPythonDiesOnIt() throws Exception {
        String mm = TestEngines.version().majorMinor();
        assertSurvives(run("home-without-encodings"))
                .contains("has no standard library at " + scratch.resolve("home/lib/python" + mm))
                .contains("no encodings package").contains("set pyembed.home");
    }

    @Test
    void aHomeThatHoldsAnotherVersionsStandardLibraryIsRefused() throws Exception {
        String other = StartFailureScenarioMain.otherVersion(TestEngines.version());
        assertSurvives(run("home-of-another-version"))
                .contains("the Python home " + scratch.resolve("home"))
                .contains("holds the standard library of CPython " + other)
                .contains("is CPython " + TestEngines.version().majorMinor()).contains("set pyembed.home");
    }

    @Test
    void aLibraryWhoseNameSaysAnotherVersionIsRefusedBeforeItIsInitialized() throws Exception {
        String other = StartFailureScenarioMain.otherVersion(TestEngines.version());
        ChildJvm.Result result = run("library-of-another-version");
        Files.delete(scratch.resolve("lib/libpython" + other + ".so.1.0")); // the link, not what it points at
        assertSurvives(result)
                .contains(TestEngines.located().library().toRealPath().toString())
                .contains("is CPython " + TestEngines.version().majorMinor() + ".")
                .contains("not " + other).contains("set pyembed.library and pyembed.home");
    }

    @Test
    void aTextFileGivenAsTheLibraryIsNamedAsNotASharedLibrary() throws Exception {
        String output = assertSurvives(run("text-file-as-library")).actual();
        assertThat(output).contains("is not a shared library: it is a text file (it starts with \"INPUT(-lpython")
                .contains("set pyembed.library").doesNotContain("Python home");
    }

    @Test
    void aLibraryBuiltForAnotherCpuIsNamedSo() throws Exception {
        assertSurvives(run("library-of-another-cpu"))
                .contains("is built for " + StartFailureScenarioMain.otherCpu() + ", but this JVM runs on")
                .contains("set pyembed.library");
    }

    private ChildJvm.Result run(String scenario) throws Exception {
        return ChildJvm.run(StartFailureScenarioMain.class, scenario, scratch.toString());
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertSurvives(ChildJvm.Result result) {
        assertThat(result.exitCode()).as("the JVM survived; output:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("then started CPython " + TestEngines.version().majorMinor() + ".");
        String refused = result.output().lines().filter(line -> line.startsWith("refused: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no refusal in:\n" + result.output()));
        return assertThat(refused);
    }
}
