package dev.pyembed.internal.runtime;

import dev.pyembed.PythonStartException;
import dev.pyembed.PythonVersion;

import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Decides whether a probed interpreter can be embedded: a supported version, a shared libpython that exists,
 * a standard library in its prefix. Shared by the system and the venv sources, so both refuse alike.
 */
final class InterpreterCheck {

    static final String SUPPORTED_RANGE = PythonVersion.OLDEST_SUPPORTED.majorMinor() + " to "
            + PythonVersion.NEWEST_SUPPORTED.majorMinor();
    static final String USE_EMBEDDED = "set pyembed.runtime=embedded";

    private final PythonHomeLayout layout;

    InterpreterCheck(PythonHomeLayout layout) {
        this.layout = layout;
    }

    /**
     * @param who how messages name the interpreter, e.g. "python3 at /usr/bin/python3"
     * @return the libpython file to load
     */
    Path requireEmbeddable(InterpreterFacts facts, String who) {
        requireSupported(facts.version(), who);
        if (facts.isFreeThreaded()) {
            throw new PythonStartException(who + " is a free-threaded build (no GIL); pyembed embeds CPython with the GIL",
                    "use a standard (GIL) build of CPython " + SUPPORTED_RANGE + ", or " + USE_EMBEDDED);
        }
        if (facts.isStaticBuild()) {
            throw new PythonStartException(who + " is a static build (no libpython shared library)",
                    "install a shared-library build of Python (--enable-shared), or " + USE_EMBEDDED);
        }
        Path library = facts.sharedLibrary().orElseThrow(() -> new PythonStartException(
                who + " is a shared build, but its libpython is not where sysconfig says (tried "
                        + facts.libraryCandidates().stream().map(Path::toString).collect(Collectors.joining(", ")) + ")",
                "install its shared library (Debian/Ubuntu: the libpython" + facts.version().majorMinor()
                        + " package), or set pyembed.library to the libpython file, or " + USE_EMBEDDED));
        if (facts.basePrefix() == null || !layout.hasStdlib(facts.basePrefix(), facts.version())) {
            throw new PythonStartException(who + " has no standard library in its prefix " + facts.basePrefix(),
                    "repair that Python installation, or set pyembed.library and pyembed.home, or " + USE_EMBEDDED);
        }
        return library;
    }

    static void requireSupported(PythonVersion version, String who) {
        requireSupported(version, who, "use a CPython " + SUPPORTED_RANGE + " built with --enable-shared, or "
                + USE_EMBEDDED);
    }

    static void requireSupported(PythonVersion version, String who, String action) {
        if (!version.isSupported()) {
            throw new PythonStartException(who + " is CPython " + version + "; pyembed supports CPython "
                    + SUPPORTED_RANGE, action);
        }
    }
}
