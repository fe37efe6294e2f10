package dev.pyembed.numpy;

import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;

/** A JVM of its own (see {@link NumpyExitTest}): numpy imported and used, then the engine closed or left open. */
public final class NumpyExitMain {

    private NumpyExitMain() {
    }

    public static void main(String[] args) {
        PythonEngine engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).start();
        Object sum = engine.withGil(gil -> {
            gil.exec("import numpy as np\nimport threading\nx = np.ones((300, 300)) @ np.ones((300, 300))");
            return gil.eval("float(x.sum())");
        });
        System.out.println("numpy computed " + sum);
        if (args.length > 0 && args[0].equals("close")) {
            engine.close();
            System.out.println("close returned, state " + engine.state());
        } else {
            System.out.println("exiting without close"); // the engine's shutdown hook closes it
        }
    }
}
