package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libffi a runtime ships beside libpython (libffi.so.6, .7 or .8, by version) is preloaded and stays loaded for
 * the life of the JVM: JNA closes a library nothing references when the GC finds it, and the first
 * {@code import ctypes} after that would fail (or pick up another libffi of the same soname from the system).
 */
class PreloadedLibrariesTest {

    @Test
    void ctypesImportsAndCallsThroughLibffiAfterForcedGcs() throws Exception {
        ChildJvm.Result result = ChildJvm.run(CtypesAfterGcScenarioMain.class);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("ctypes imported before the GCs: false")
                .contains("GC round 3: canary cleared, JNA cleaner ran")
                .contains("ctypes callback through libffi: 42")
                .doesNotContain("mapped: false");
    }
}
