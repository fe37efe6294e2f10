package dev.pyembed.internal.runtime;

import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.RuntimeSource;
import dev.pyembed.internal.runtime.VenvReader.VenvConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A virtualenv ({@code pyembed.venv}): its base interpreter's libpython is loaded (a venv has none of its
 * own), its {@code site-packages} join {@code sys.path}, and its {@code bin/python} becomes
 * {@code sys.executable} so that subprocesses run inside the venv too.
 */
final class VenvResolver {

    private static final String SET_VENV = "set pyembed.venv to a folder made by 'python3 -m venv' (it holds "
            + VenvReader.CONFIG_FILE + ")";

    private final HostEnvironment host;
    private final InterpreterProbe probe;
    private final PythonHomeLayout layout;
    private final InterpreterCheck check;

    VenvResolver(HostEnvironment host) {
        this.host = host;
        this.probe = new InterpreterProbe(host);
        this.layout = new PythonHomeLayout(host.platform());
        this.check = new InterpreterCheck(layout);
    }

    PythonRuntime resolve(Path requested) {
        Path venv = requested.toAbsolutePath().normalize();
        if (!Files.isDirectory(venv)) {
            throw new PythonStartException("pyembed.venv=" + venv + " is not a folder", SET_VENV);
        }
        VenvConfig config = readConfig(venv);
        Path base = baseInterpreter(config);
        InterpreterFacts facts;
        try {
            facts = probe.probe(base);
        } catch (IOException e) {
            throw new PythonStartException("the base interpreter " + base + " of venv " + venv
                    + " could not be probed: " + e.getMessage(), "recreate the venv, or " + SET_VENV, e);
        }
        String who = "the base interpreter of venv " + venv + " (python3 at " + facts.displayPath() + ")";
        Path library = check.requireEmbeddable(facts, who);
        Path sitePackages = layout.venvSitePackages(venv, facts.version());
        if (!Files.isDirectory(sitePackages)) {
            throw new PythonStartException("venv " + venv + " has no " + venv.relativize(sitePackages)
                    + " although its base interpreter is CPython " + facts.version()
                    + (config.version().map(v -> " (pyvenv.cfg says " + v + ")").orElse("")),
                    "recreate the venv with the Python it should use");
        }
        Path executable = layout.venvInterpreter(venv).orElse(facts.executable());
        return new PythonRuntime(RuntimeSource.VENV, facts.version(), library, facts.basePrefix(), executable,
                venv, List.of(sitePackages), "venv " + venv + " on " + facts.displayPath() + " (shared build)");
    }

    private static VenvConfig readConfig(Path venv) {
        Optional<VenvConfig> config;
        try {
            config = VenvReader.read(venv);
        } catch (IOException e) {
            throw new PythonStartException("could not read " + venv.resolve(VenvReader.CONFIG_FILE) + ": " + e,
                    SET_VENV, e);
        }
        return config.orElseThrow(() -> new PythonStartException("pyembed.venv=" + venv
                + " is not a virtualenv: it has no " + VenvReader.CONFIG_FILE, SET_VENV));
    }

    /** pyvenv.cfg's {@code executable} when it still exists, else a python3 in its {@code home} folder. */
    private Path baseInterpreter(VenvConfig config) {
        Stream<Path> fromHome = config.home().stream().flatMap(home -> Stream.of(host.platform().interpreterNames())
                .map(home::resolve));
        return Stream.concat(config.executable().stream(), Stream.concat(fromHome,
                        config.home().stream().map(home -> home.resolve("python"))))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst()
                .orElseThrow(() -> new PythonStartException("the base interpreter of venv " + config.venv()
                        + " is gone: pyvenv.cfg names home=" + config.home().map(Path::toString).orElse("(none)")
                        + config.executable().map(e -> ", executable=" + e).orElse("")
                        + ", and no python3 is there", "recreate the venv, or " + SET_VENV));
    }
}
