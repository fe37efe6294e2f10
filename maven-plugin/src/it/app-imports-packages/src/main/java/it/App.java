package it;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;

/**
 * Runs from the built jar: the engine finds the descriptor the plugin put into the jar, extracts the packages into
 * its cache and puts them on sys.path; the application only imports them.
 */
public class App {

    public static void main(String[] args) {
        try (PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).start()) {
            System.out.println("packages " + engine.packages());
            engine.packages().forEach(p -> System.out.println("package " + p.id() + " at " + p.path() + " from " + p.source()));
            Object answer = engine.withGil(gil -> {
                gil.exec("import alpha, beta");
                return gil.eval("alpha.answer()");
            });
            System.out.println("alpha.answer() = " + answer);
            System.out.println("beta from " + engine.withGil(gil -> gil.eval("beta.__file__")));
        }
    }
}
