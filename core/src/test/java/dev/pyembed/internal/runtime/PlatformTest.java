package dev.pyembed.internal.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTest {

    @Test
    void mapsJvmNamesToTheClassifiersOfOrgBytedecoCpython() {
        assertThat(Platform.of("Linux", "amd64").cpythonClassifier()).hasValue("linux-x86_64");
        assertThat(Platform.of("Linux", "aarch64").cpythonClassifier()).hasValue("linux-arm64");
        assertThat(Platform.of("Mac OS X", "x86_64").cpythonClassifier()).hasValue("macosx-x86_64");
        assertThat(Platform.of("Mac OS X", "aarch64").cpythonClassifier()).hasValue("macosx-arm64");
        assertThat(Platform.of("Windows 11", "amd64").cpythonClassifier()).hasValue("windows-x86_64");
    }

    @Test
    void aPlatformWithoutAPublishedJarHasNoClassifier() {
        assertThat(Platform.of("Linux", "ppc64le").cpythonClassifier()).isEmpty();
        assertThat(Platform.of("FreeBSD", "amd64").cpythonClassifier()).isEmpty();
        assertThat(Platform.of("Windows 11", "aarch64").cpythonClassifier()).isEmpty();
    }
}
