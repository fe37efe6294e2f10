package dev.pyembed.spring.engine;

import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StreamUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What runs once the engine is up ({@code pyembed.modules}, then {@code pyembed.scripts}), in one GIL scope on the
 * starting thread. Scripts run in {@code __main__}, compiled with their location as file name, so that tracebacks
 * name them; names they define are visible to {@code gil.eval(...)} afterwards. A location is a Spring resource
 * ({@code classpath:init.py}, {@code file:init.py}) or an absolute file system path ({@code /etc/app/init.py}).
 */
public class PythonStartupTasks {

    private final List<String> modules;
    private final List<String> scripts;
    private final ResourceLoader resourceLoader;

    public PythonStartupTasks(List<String> modules, List<String> scripts, ResourceLoader resourceLoader) {
        this.modules = List.copyOf(modules);
        this.scripts = List.copyOf(scripts);
        this.resourceLoader = resourceLoader;
    }

    /** Imports the modules, then runs the scripts; the first failure stops with a {@link PythonStartupTaskException}. */
    public void run(PythonEngine engine) {
        if (modules.isEmpty() && scripts.isEmpty()) {
            return;
        }
        String[] sources = new String[scripts.size()];
        for (int i = 0; i < scripts.size(); i++) {
            sources[i] = read(i, scripts.get(i)); // before taking the GIL: no I/O inside the scope
        }
        engine.runWithGil(gil -> {
            for (int i = 0; i < modules.size(); i++) {
                String module = modules.get(i);
                try {
                    gil.importModule(module).close();
                } catch (PythonException e) {
                    throw new PythonStartupTaskException(PythonStartupTaskException.Kind.MODULE, "pyembed.modules[" + i + "]",
                            module, "Python module '" + module + "' (pyembed.modules[" + i + "]) could not be imported: "
                            + e.getMessage(), e);
                }
            }
            if (scripts.isEmpty()) {
                return;
            }
            try (PyObject builtins = gil.importModule("builtins");
                 PyObject compile = builtins.getAttr("compile");
                 PyObject exec = builtins.getAttr("exec");
                 PyObject main = gil.importModule("__main__");
                 PyObject globals = main.getAttr("__dict__")) {
                for (int i = 0; i < scripts.size(); i++) {
                    String location = scripts.get(i);
                    try {
                        Object code = compile.call(sources[i], location, "exec");
                        try {
                            exec.call(code, globals);
                        } finally {
                            if (code instanceof PyObject compiled) {
                                compiled.close();
                            }
                        }
                    } catch (PythonException e) {
                        throw new PythonStartupTaskException(PythonStartupTaskException.Kind.SCRIPT, "pyembed.scripts[" + i + "]",
                                location, "Python startup script " + location + " (pyembed.scripts[" + i + "]) raised "
                                + e.getMessage(), e);
                    }
                }
            }
        });
    }

    /** A Spring resource location; a plain absolute path ({@code /etc/app/init.py}) is a file, not a class path entry. */
    private Resource resource(String location) {
        if (!location.startsWith("/") || location.startsWith("//")) {
            return resourceLoader.getResource(location);
        }
        return new FileSystemResource(location);
    }

    private String read(int index, String location) {
        Resource resource = resource(location);
        String property = "pyembed.scripts[" + index + "]";
        if (!resource.exists()) {
            throw new PythonStartupTaskException(PythonStartupTaskException.Kind.SCRIPT, property, location,
                    "Python startup script " + location + " (" + property + ") does not exist", null);
        }
        try (InputStream in = resource.getInputStream()) {
            return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PythonStartupTaskException(PythonStartupTaskException.Kind.SCRIPT, property, location,
                    "Python startup script " + location + " (" + property + ") could not be read: " + e.getMessage(), e);
        }
    }
}
