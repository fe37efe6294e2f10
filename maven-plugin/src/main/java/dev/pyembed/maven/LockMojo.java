package dev.pyembed.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resolves the application's Python requirements for the target platform and CPython, without installing them
 * ({@code pip install --dry-run --report}), and writes the lock file: every distribution pinned to its version and
 * the SHA-256 of its wheel. {@code install-requirements} then installs exactly that, checking every hash.
 */
@Mojo(name = "lock", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class LockMojo extends AbstractPipMojo {

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pyembed: skipping the Python lock (pyembed.packages.skip)");
            return;
        }
        try {
            lock();
        } catch (IOException e) {
            throw new MojoExecutionException("pyembed: " + e, e);
        }
    }

    private void lock() throws IOException, MojoExecutionException, MojoFailureException {
        Set<String> declared = declaredNames();
        if (declared.isEmpty()) {
            throw new MojoFailureException("pyembed: there are no Python requirements to lock: declare them in the "
                    + "plugin's <packages> or in " + requirementsFile);
        }
        PipTarget target = pipTarget();
        Path work = freshWorkFolder("lock");
        Path report = work.resolve("pip-report.json");
        List<String> args = new ArrayList<>(List.of("--dry-run", "--ignore-installed", "--report", report.toString()));
        args.addAll(targetArguments(target));
        args.addAll(sourceArguments());
        args.addAll(providedPackages().pipArguments(work));
        args.addAll(requirementArguments());
        getLog().info("pyembed: resolving the Python packages " + declared + " for " + target.pythonTag() + " on "
                + target.platform());
        runPip(target, "install", args, "resolve the Python packages");

        Pip.Result written;
        try {
            written = target.pip().script(LockFile.FROM_REPORT, List.of(report.toString(),
                    lockFile.getAbsolutePath(), LockFile.header(target.pythonTag(), target.platform())), basedir());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("pyembed: interrupted while writing the lock file", e);
        }
        if (!written.succeeded()) {
            throw new MojoFailureException("pyembed: could not write the lock file " + lockFile + ":\n"
                    + written.errorMessage());
        }
        getLog().info("pyembed: wrote " + lockFile + " (" + LockFile.pinnedNames(lockFile.toPath()) + ")");
    }
}
