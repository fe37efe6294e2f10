package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code python3} found on {@code PATH}: probed in a child process (see {@link InterpreterProbe}), accepted
 * when it is a supported shared-library build. When it is an activated venv's {@code python3}, the venv's
 * {@code site-packages} come along.
 */
final class SystemPythonResolver {

    private final HostEnvironment host;
    private final InterpreterProbe probe;
    private final PythonHomeLayout layout;
    private final InterpreterCheck check;

    SystemPythonResolver(HostEnvironment host) {
        this.host = host;
        this.probe = new InterpreterProbe(host);
        this.layout = new PythonHomeLayout(host.platform());
        this.check = new InterpreterCheck(layout);
    }

    PythonRuntime resolve() {
        String[] names = host.platform().interpreterNames();
        Path python3 = host.findOnPath(names).orElseThrow(() -> new PythonStartException(
                "no " + names[0] + " found on PATH (" + host.path() + ")",
                "install a shared-library build of CPython " + InterpreterCheck.SUPPORTED_RANGE
                        + " (--enable-shared) on PATH, or " + InterpreterCheck.USE_EMBEDDED));
        InterpreterFacts facts;
        try {
            facts = probe.probe(python3);
        } catch (IOException e) {
            throw new PythonStartException("python3 at " + python3 + " could not be probed: " + e.getMessage(),
                    "fix or remove that python3, or " + InterpreterCheck.USE_EMBEDDED, e);
        }
        String who = "python3 at " + facts.displayPath();
        Path library = check.requireEmbeddable(facts, who);
        // An activated venv's python3: keep its packages, as the user's shell would.
        Path venv = facts.venv().orElse(null);
        List<Path> sitePackages = facts.venv().map(v -> layout.venvSitePackages(v, facts.version()))
                .filter(Files::isDirectory).stream().toList();
        return new PythonRuntime(RuntimeSource.SYSTEM, facts.version(), library, facts.basePrefix(),
                facts.executable(), venv, sitePackages, "system " + who + " ("
                + (venv != null ? "venv " + venv + " on " + facts.basePrefix() + ", " : "") + "shared build)");
    }
}
