package dev.pyembed.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Installs the application's Python packages with the embedded CPython's own pip, for the target platform and
 * CPython ({@code --only-binary=:all: --platform ... --python-version 3.14 --implementation cp --target}), into the
 * build output: {@code META-INF/pyembed/site-packages/<id>/} plus the descriptor
 * {@code META-INF/pyembed/python-packages.properties} that the engine reads at start.
 *
 * <p>With a lock file ({@code pyembed:lock}) it installs exactly what the lock pins, checking every hash
 * ({@code --require-hashes --no-deps}); without one it resolves the requirements. Packages that Maven provides
 * (numpy, scipy) are not installed.
 */
@Mojo(name = "install-requirements", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class InstallRequirementsMojo extends AbstractPipMojo {

    /** Fails the build unless a lock file pins every package with its hash. */
    @Parameter(property = "pyembed.requireHashes", defaultValue = "false")
    private boolean requireHashes;

    /** Where the packages and the descriptor go: the class path of the application. */
    @Parameter(property = "pyembed.outputDirectory", defaultValue = "${project.build.outputDirectory}")
    private File outputDirectory;

    /** The name of this set of packages: its folder in the jar and in the engine's cache. */
    @Parameter(property = "pyembed.packagesId", defaultValue = "${project.artifactId}")
    private String packagesId;

    /** The descriptor's {@code version}. */
    @Parameter(property = "pyembed.packagesVersion", defaultValue = "${project.version}")
    private String packagesVersion;

    /** Runs pip even when an earlier build in this folder installed from the same local inputs. */
    @Parameter(property = "pyembed.packages.force", defaultValue = "false")
    private boolean force;

    /** Part of the fingerprint: another plugin version may install differently. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pyembed: skipping the Python packages (pyembed.packages.skip)");
            return;
        }
        try {
            install();
        } catch (IOException e) {
            throw new MojoExecutionException("pyembed: " + e, e);
        }
    }

    private void install() throws IOException, MojoExecutionException, MojoFailureException {
        boolean locked = lockFile != null && lockFile.isFile();
        Set<String> declared = declaredNames();
        if (!locked && requireHashes) {
            throw new MojoFailureException("pyembed: requireHashes is set, but there is no lock file " + lockFile
                    + ": run `mvn pyembed:lock` and commit the lock file");
        }
        if (!locked && declared.isEmpty()) {
            getLog().info("pyembed: no Python requirements (packages, " + requirementsFile + ")");
            return;
        }
        PipTarget target = pipTarget();
        ProvidedPackages provided = providedPackages();
        Path stage = freshWorkFolder("stage");
        Path work = freshWorkFolder("install");
        List<String> args = new ArrayList<>(List.of("--target", stage.toString(), "--no-compile"));
        args.addAll(targetArguments(target));
        args.addAll(sourceArguments());
        if (locked) {
            checkLock(target, declared, provided);
            args.addAll(List.of("--require-hashes", "--no-deps", "-r", lockFile.getAbsolutePath()));
        } else {
            args.addAll(provided.pipArguments(work));
            args.addAll(requirementArguments());
        }
        Path stamp = workDirectory.toPath().resolve("install.fingerprint");
        boolean localInputs = locked || (noIndex && findLinks.stream().noneMatch(l -> l.contains("://")));
        String fingerprint = InstallFingerprint.of(args, List.of(lockFile.toPath(), requirementsFile.toPath()),
                findLinks.stream().filter(l -> !l.contains("://")).map(l -> basedir().resolve(l.strip())).toList(),
                provided.asMap() + "|" + packagesId + "|" + packagesVersion + "|" + outputDirectory + "|"
                        + pluginVersion);
        if (localInputs && !force && InstallFingerprint.upToDate(stamp, fingerprint, outputDirectory.toPath())) {
            getLog().info("pyembed: the Python packages are up to date (same requirements, lock and wheelhouses as "
                    + "the last build; -Dpyembed.packages.force=true installs them again)");
            return;
        }
        Files.deleteIfExists(stamp);
        getLog().info("pyembed: installing the Python packages " + (locked ? "pinned in " + lockFile : declared)
                + " for " + target.pythonTag() + " on " + target.platform()
                + (provided.isEmpty() ? "" : "; provided by Maven: " + provided.asMap()));
        runPip(target, "install", args, "install the Python packages");

        ProvidedPackages.removeStandIns(stage);
        // Console scripts: nothing runs them inside an engine, and their #! line names this machine's Python.
        Trees.delete(stage.resolve("bin"));
        Map<String, String> descriptor = PackagesDescriptor.publish(stage, outputDirectory.toPath(), packagesId,
                packagesVersion, target.pythonTag(), target.platform());
        if (localInputs) {
            InstallFingerprint.record(stamp, fingerprint);
        }
        getLog().info("pyembed: installed " + descriptor.get("packages") + " into " + outputDirectory.toPath()
                .resolve(descriptor.get("root")) + " (python-tag " + descriptor.get("python-tag") + ", platform "
                + descriptor.get("platform") + ")");
    }

    /** A lock for another target, or one that misses a declared requirement, would install the wrong thing. */
    private void checkLock(PipTarget target, Set<String> declared, ProvidedPackages provided)
            throws IOException, MojoFailureException {
        Path lock = lockFile.toPath();
        Optional<String> lockTarget = LockFile.target(lock);
        String expected = target.pythonTag() + " " + target.platform().classifier();
        if (lockTarget.isPresent() && !lockTarget.get().equals(expected)) {
            throw new MojoFailureException("pyembed: the lock file " + lock + " is for " + lockTarget.get()
                    + ", this build installs for " + expected + ": run `mvn pyembed:lock` for this platform");
        }
        Set<String> pinned = LockFile.pinnedNames(lock);
        List<String> missing = declared.stream().filter(n -> !pinned.contains(n) && !provided.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new MojoFailureException("pyembed: the lock file " + lock + " does not pin " + missing
                    + ", which the requirements declare: run `mvn pyembed:lock` again");
        }
        if (Files.size(lock) == 0) {
            throw new MojoFailureException("pyembed: the lock file " + lock + " is empty: run `mvn pyembed:lock`");
        }
    }
}
