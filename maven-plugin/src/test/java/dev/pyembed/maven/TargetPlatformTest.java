package dev.pyembed.maven;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetPlatformTest {

    @Test
    void linuxAcceptsEveryManylinuxLevelUpToTheTargetsGlibcAndThePlainLinuxTag() {
        var tags = new TargetPlatform("linux-x86_64").pipPlatforms("2.35");
        assertThat(tags).startsWith("manylinux_2_35_x86_64", "manylinux_2_34_x86_64")
                .contains("manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64")
                .endsWith("manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64")
                .doesNotContain("manylinux_2_36_x86_64");
        assertThat(new TargetPlatform("linux-arm64").pipPlatforms("2.28"))
                .startsWith("manylinux_2_28_aarch64").contains("manylinux2014_aarch64").endsWith("linux_aarch64")
                .noneMatch(t -> t.startsWith("manylinux1"));
    }

    @Test
    void macAndWindowsNameOneTagThatPipExpandsItself() {
        assertThat(new TargetPlatform("macosx-arm64").pipPlatforms("2.35")).containsExactly("macosx_11_0_arm64");
        assertThat(new TargetPlatform("windows-x86_64").pipPlatforms("2.35")).containsExactly("win_amd64");
    }

    @Test
    void anUnknownPlatformOrGlibcIsRefusedWithTheValuesThatWork() {
        assertThatThrownBy(() -> new TargetPlatform("linux-riscv64"))
                .hasMessageContaining("linux-riscv64").hasMessageContaining("linux-x86_64, linux-arm64");
        assertThatThrownBy(() -> new TargetPlatform("linux-x86_64").pipPlatforms("2_35"))
                .hasMessageContaining("'2_35' is not of the form 2.N");
    }

    @Test
    void requirementNamesAreNormalizedAsPipNormalizesThem() {
        assertThat(Requirement.name("Beta_Pkg>=1.0; python_version > '3'")).contains("beta-pkg");
        assertThat(Requirement.name("alpha==2.0 --hash=sha256:00")).contains("alpha");
        assertThat(Requirement.name("  # a comment")).isEmpty();
        assertThat(Requirement.name("--hash=sha256:00")).isEmpty();
    }
}
