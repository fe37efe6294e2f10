package dev.pyembed.maven;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The goals against the embedded CPython's real pip, offline: the wheels come from a wheelhouse the test writes.
 * alpha depends on beta; gamma has no wheel anywhere.
 */
class PipGoalsTest {

    @TempDir
    Path project;
    Path wheelhouse;
    Path classes;

    @BeforeEach
    void wheelhouse() throws Exception {
        wheelhouse = project.resolve("wheelhouse");
        classes = project.resolve("target/classes");
        WheelFile.write(wheelhouse, "beta", "1.0", "py3-none-any",
                Map.of("beta/__init__.py", "def value():\n    return 42\n"), List.of());
        WheelFile.write(wheelhouse, "alpha", "2.0", "py3-none-any",
                Map.of("alpha/__init__.py", "import beta\n\ndef answer():\n    return beta.value()\n",
                        "alpha-2.0.dist-info/entry_points.txt", "[console_scripts]\nalpha-cli = alpha:answer\n"),
                List.of("beta>=1.0"));
    }

    @Test
    void installsTwoWheelsOneDependingOnTheOtherAsAClassPathFolderWithItsDescriptor() throws Exception {
        install(List.of("alpha"), Set.of()).execute();

        Properties descriptor = descriptor();
        assertThat(descriptor.getProperty("id")).isEqualTo("app");
        assertThat(descriptor.getProperty("version")).isEqualTo("1.0-SNAPSHOT");
        assertThat(descriptor.getProperty("root")).isEqualTo("META-INF/pyembed/site-packages/app");
        assertThat(descriptor.getProperty("python-tag")).isEqualTo("py3");
        assertThat(descriptor.getProperty("platform")).isEqualTo("any");
        assertThat(descriptor.getProperty("content-hash")).matches("[0-9a-f]{64}");
        assertThat(descriptor.getProperty("packages")).isEqualTo("alpha==2.0,beta==1.0");
        Path root = classes.resolve(descriptor.getProperty("root"));
        assertThat(root.resolve("alpha/__init__.py")).isRegularFile();
        assertThat(root.resolve("beta/__init__.py")).isRegularFile();
        assertThat(Trees.files(root)).noneMatch(f -> f.endsWith(".pyc")) // --no-compile: the hash is reproducible
                .contains("alpha-2.0.dist-info/entry_points.txt").noneMatch(f -> f.startsWith("bin/"));
        assertThat(Trees.contentHash(root)).isEqualTo(descriptor.getProperty("content-hash"));

        Pip.Result run = pipOf(install(List.of(), Set.of())).script("import sys; sys.path.insert(0, sys.argv[1]); "
                + "import alpha; print('answer', alpha.answer())", List.of(root.toString()), project);
        assertThat(run.lines()).contains("answer 42");
    }

    @Test
    void aSecondBuildFromTheSameLocalInputsSkipsPipAndAChangedWheelhouseOrOutputRunsItAgain() throws Exception {
        install(List.of("alpha"), Set.of()).execute();
        String first = descriptor().getProperty("content-hash");

        RecordingLog second = new RecordingLog();
        InstallRequirementsMojo again = install(List.of("alpha"), Set.of());
        again.setLog(second);
        again.execute();
        assertThat(second.lines).anyMatch(l -> l.contains("are up to date")).noneMatch(l -> l.startsWith("[pip]"));

        InstallRequirementsMojo forced = install(List.of("alpha"), Set.of());
        set(forced, "force", true);
        RecordingLog third = new RecordingLog();
        forced.setLog(third);
        forced.execute();
        assertThat(third.lines).anyMatch(l -> l.startsWith("[pip] Successfully installed"));
        assertThat(descriptor().getProperty("content-hash")).isEqualTo(first); // the same wheels, the same tree

        WheelFile.write(wheelhouse, "beta", "1.1", "py3-none-any", Map.of("beta/__init__.py", "def value():\n    return 43\n"),
                List.of());
        install(List.of("alpha"), Set.of()).execute();
        assertThat(descriptor().getProperty("packages")).isEqualTo("alpha==2.0,beta==1.1");

        Files.delete(classes.resolve(descriptor().getProperty("root")).resolve("beta/__init__.py"));
        RecordingLog repaired = new RecordingLog();
        InstallRequirementsMojo repair = install(List.of("alpha"), Set.of());
        repair.setLog(repaired);
        repair.execute();
        assertThat(repaired.lines).anyMatch(l -> l.startsWith("[pip] Successfully installed"));
        assertThat(classes.resolve(descriptor().getProperty("root")).resolve("beta/__init__.py")).isRegularFile();
    }

    @Test
    void aPackageThatMavenProvidesIsNotInstalledAgain() throws Exception {
        WheelFile.write(wheelhouse, "delta", "1.0", "py3-none-any", Map.of("delta/__init__.py", "import numpy\n"),
                List.of("numpy>=2", "beta"));

        install(List.of("delta"), Set.of(numpyArtifact())).execute();

        Path root = classes.resolve(descriptor().getProperty("root"));
        assertThat(descriptor().getProperty("packages")).isEqualTo("beta==1.0,delta==1.0");
        assertThat(Trees.files(root)).noneMatch(f -> f.toLowerCase().contains("numpy"));
    }

    @Test
    void aRequirementThatTheProvidedVersionDoesNotMeetFailsWithPipsConflict() throws Exception {
        WheelFile.write(wheelhouse, "old", "1.0", "py3-none-any", Map.of("old/__init__.py", ""), List.of("numpy<2"));

        assertThatThrownBy(() -> install(List.of("old"), Set.of(numpyArtifact())).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("pip could not install the Python packages")
                .hasMessageContaining("numpy");
    }

    @Test
    void aPackageWithoutAWheelFailsTheBuildWithPipsMessage() {
        assertThatThrownBy(() -> install(List.of("alpha", "gamma>=1"), Set.of()).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("for cp314 on linux-x86_64")
                .hasMessageContaining("ERROR: No matching distribution found for gamma>=1");
        assertThat(classes.resolve(PackagesDescriptor.RESOURCE)).doesNotExist();
    }

    @Test
    void aCompiledWheelIsInstalledOnlyForItsPlatformAndMakesTheDescriptorPlatformSpecific() throws Exception {
        WheelFile.write(wheelhouse, "native_ext", "1.0", "cp314-cp314-macosx_11_0_arm64",
                Map.of("native_ext/__init__.py", ""), List.of());

        assertThatThrownBy(() -> install(List.of("native-ext"), Set.of()).execute())
                .hasMessageContaining("No matching distribution found for native-ext");

        InstallRequirementsMojo mac = install(List.of("native-ext", "alpha"), Set.of());
        mac.platform = "macosx-arm64";
        mac.execute();
        assertThat(descriptor().getProperty("python-tag")).isEqualTo("cp314");
        assertThat(descriptor().getProperty("platform")).isEqualTo("macosx-arm64");
    }

    @Test
    void theLockPinsEveryWheelWithItsHashAndTheInstallChecksThem() throws Exception {
        LockMojo lock = configure(new LockMojo(), List.of("alpha"), Set.of());
        lock.execute();

        Path lockFile = project.resolve("requirements.lock");
        assertThat(Files.readAllLines(lockFile)).contains(
                "# pyembed-lock: cp314 linux-x86_64",
                "alpha==2.0 --hash=sha256:" + sha256(wheelhouse.resolve("alpha-2.0-py3-none-any.whl")),
                "beta==1.0 --hash=sha256:" + sha256(wheelhouse.resolve("beta-1.0-py3-none-any.whl")));

        InstallRequirementsMojo locked = install(List.of("alpha"), Set.of());
        set(locked, "requireHashes", true);
        locked.execute();
        assertThat(descriptor().getProperty("packages")).isEqualTo("alpha==2.0,beta==1.0");

        String text = Files.readString(lockFile);
        Files.writeString(lockFile, text.replace(sha256(wheelhouse.resolve("beta-1.0-py3-none-any.whl")),
                "0".repeat(64)));
        assertThatThrownBy(() -> install(List.of("alpha"), Set.of()).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("THESE PACKAGES DO NOT MATCH THE HASHES")
                .hasMessageContaining("0".repeat(64));
    }

    @Test
    void theLockLeavesOutWhatMavenProvidesAndTheLockedInstallDoesNotNeedIt() throws Exception {
        WheelFile.write(wheelhouse, "delta", "1.0", "py3-none-any", Map.of("delta/__init__.py", "import numpy\n"),
                List.of("numpy>=2", "beta"));
        configure(new LockMojo(), List.of("delta"), Set.of(numpyArtifact())).execute();

        List<String> pins = Files.readAllLines(project.resolve("requirements.lock")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(pins).hasSize(2).anyMatch(l -> l.startsWith("beta==1.0 --hash=sha256:"))
                .anyMatch(l -> l.startsWith("delta==1.0 --hash=sha256:"));

        install(List.of("delta"), Set.of(numpyArtifact())).execute();
        assertThat(descriptor().getProperty("packages")).isEqualTo("beta==1.0,delta==1.0");
    }

    @Test
    void requireHashesWithoutALockOrWithAStaleLockFailsAndSaysWhatToRun() throws Exception {
        InstallRequirementsMojo unlocked = install(List.of("alpha"), Set.of());
        set(unlocked, "requireHashes", true);
        assertThatThrownBy(unlocked::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("there is no lock file").hasMessageContaining("mvn pyembed:lock");

        Files.writeString(project.resolve("requirements.lock"), "beta==1.0 --hash=sha256:" + "0".repeat(64) + "\n");
        assertThatThrownBy(() -> install(List.of("alpha"), Set.of()).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("does not pin [alpha]").hasMessageContaining("mvn pyembed:lock");

        Files.writeString(project.resolve("requirements.lock"), "# pyembed-lock: cp314 macosx-arm64\nalpha==2.0\n");
        assertThatThrownBy(() -> install(List.of("alpha"), Set.of()).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("is for cp314 macosx-arm64, this build installs for cp314 linux-x86_64");
    }

    @Test
    void requirementsComeFromTheRequirementsFileToo() throws Exception {
        Files.writeString(project.resolve("requirements.txt"), "# the app's Python side\nalpha==2.0\n");
        install(List.of(), Set.of()).execute();
        assertThat(descriptor().getProperty("packages")).isEqualTo("alpha==2.0,beta==1.0");
    }

    private InstallRequirementsMojo install(List<String> packages, Set<Artifact> artifacts) throws Exception {
        InstallRequirementsMojo mojo = configure(new InstallRequirementsMojo(), packages, artifacts);
        set(mojo, "outputDirectory", classes.toFile());
        set(mojo, "packagesId", "app");
        set(mojo, "packagesVersion", "1.0-SNAPSHOT");
        return mojo;
    }

    /** What Maven injects from the defaults of the parameters, for a project in the temp folder. */
    private <M extends AbstractPipMojo> M configure(M mojo, List<String> packages, Set<Artifact> artifacts) {
        MavenProject maven = new MavenProject();
        maven.setFile(project.resolve("pom.xml").toFile());
        maven.setArtifacts(artifacts);
        mojo.project = maven;
        mojo.packages = packages;
        mojo.requirementsFile = project.resolve("requirements.txt").toFile();
        mojo.lockFile = project.resolve("requirements.lock").toFile();
        mojo.findLinks = List.of("wheelhouse");
        mojo.noIndex = true;
        mojo.platform = "linux-x86_64";
        mojo.glibc = TargetPlatform.DEFAULT_GLIBC;
        mojo.isolated = true;
        mojo.workDirectory = project.resolve("target/pyembed").toFile();
        return mojo;
    }

    private static Pip pipOf(AbstractPipMojo mojo) throws Exception {
        return mojo.pipTarget().pip();
    }

    private Properties descriptor() throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(classes.resolve(PackagesDescriptor.RESOURCE), StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        return properties;
    }

    private static Artifact numpyArtifact() {
        return new DefaultArtifact("org.bytedeco", "numpy", "2.4.2-1.5.13", "compile", "jar", "linux-x86_64",
                new DefaultArtifactHandler("jar"));
    }

    /** The goal's log, kept (and printed) line by line. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add(content.toString());
            super.info(content);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void set(AbstractMojo mojo, String field, Object value) throws Exception {
        Field f = mojo.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(mojo, value instanceof File file ? file : value);
    }
}
