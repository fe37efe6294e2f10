package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code python3} found on {@code PATH}: probed in a child process (see {@link InterpreterProbe}), accepted
 * when it is a supported shared-library build.
 */
final class SystemPythonResolver {

    private final HostEnvironment host;
    private final InterpreterProbe probe;
    private final InterpreterCheck check;

    SystemPythonResolver(HostEnvironment host) {
        this.host = host;
        this.probe = new InterpreterProbe(host);
        this.check = new InterpreterCheck(new PythonHomeLayout(host.platform()));
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
        return new PythonRuntime(RuntimeSource.SYSTEM, facts.version(), library, facts.basePrefix(),
                facts.executable(), null, List.of(), "system " + who + " (shared build)");
    }
}
