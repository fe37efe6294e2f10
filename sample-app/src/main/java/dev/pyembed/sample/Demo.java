package dev.pyembed.sample;

import dev.pyembed.Gil;
import dev.pyembed.PythonEngine;
import dev.pyembed.RuntimeSelection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * pythonnet's threading guide, on pyembed: a Python background thread keeps printing while four Java threads use
 * Python in GIL scopes and a Java callback does long work with the GIL released.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        RuntimeSelection runtime = RuntimeSelection.valueOf(System.getProperty("pyembed.runtime", "embedded").toUpperCase());
        try (PythonEngine engine = PythonEngine.builder().runtime(runtime).start()) {
            System.out.println("Running " + engine.runtime());
            engine.register("slow_lookup", call -> {
                Thread.sleep(300); // Java work; the GIL is released meanwhile
                return "customer " + call[0] + " is gold";
            });
            engine.runWithGil(gil -> gil.exec("""
                    import threading, time, pyembed
                    def say_hello():
                        for i in range(5):
                            print(f"hello {i} from the Python thread")
                            time.sleep(0.1)
                    threading.Thread(target=say_hello, name="Hello thread", daemon=True).start()
                    def score(n):
                        return sum(i * i for i in range(n))
                    """));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Object>> scores = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int n = i * 100_000;
                scores.add(pool.submit(() -> engine.withGil(gil -> gil.eval("score(" + n + ")"))));
            }
            for (Future<Object> score : scores) {
                System.out.println("Java thread got score " + score.get());
            }
            pool.shutdown();
            try (Gil gil = engine.acquireGil()) {
                System.out.println("Python called Java: " + gil.eval("pyembed.slow_lookup(42)"));
                gil.exec("time.sleep(0.6)  # let the Python thread finish its hellos");
            }
        }
        System.out.println("Engine closed; Python finalized on pyembed-lifecycle.");
    }
}
