package dev.pyembed;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stack exhaustion in Java callbacks, run by {@link CallbackOverflowTest} in a JVM of its own (a failure can abort the
 * JVM). Prints one line per outcome; the parent checks them.
 */
public final class CallbackOverflowMain {

    private CallbackOverflowMain() {
    }

    public static void main(String[] args) throws Exception {
        try (PythonEngine engine = TestEngines.builder().start()) {
            engine.register("rec_keeping", a -> engine.withGil(g -> g.eval("pyembed.rec_keeping()")), false);
            engine.register("rec_releasing", a -> engine.withGil(g -> g.eval("pyembed.rec_releasing()")), true);
            engine.register("java_recursion", a -> recurse(0), false);
            engine.register("boom", a -> {
                throw new IllegalStateException("boom", new IOException("inner"));
            }, false);
            engine.runWithGil(g -> g.exec("import pyembed"));
            System.out.println("backend " + engine.nativeBackend());
            for (long stack : new long[]{512 * 1024, 0}) {
                for (String function : new String[]{"rec_keeping", "rec_releasing", "java_recursion"}) {
                    System.out.println(function + " stack " + stack + ": " + onThread(stack, () -> engine.withGil(
                            g -> g.eval("pyembed." + function + "()"))));
                }
            }
            // After the overflows, a Java exception still reaches Python with its class, and Java with its cause.
            System.out.println("python sees: " + engine.withGil(g -> {
                g.exec("try:\n    pyembed.boom()\nexcept pyembed.JavaError as e:\n    seen = e.java_class\n");
                return g.eval("seen");
            }));
            try {
                engine.runWithGil(g -> g.exec("pyembed.boom()"));
            } catch (PythonException e) {
                System.out.println("java sees: " + e.pythonType() + " caused by " + e.getCause() + " caused by "
                        + e.getCause().getCause());
            }
            StringWriter text = new StringWriter();
            new IllegalStateException("still printable").printStackTrace(new PrintWriter(text));
            System.out.println("printStackTrace works: " + text.toString().contains("CallbackOverflowMain"));
        }
        System.out.println("closed");
    }

    private static Object recurse(int depth) {
        return depth < Integer.MAX_VALUE ? recurse(depth + 1) : null;
    }

    /** What the call gave on a thread with {@code stack} bytes (0: the JVM's default): the result or the error. */
    private static String onThread(long stack, java.util.concurrent.Callable<Object> call) throws InterruptedException {
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set("returned " + call.call());
            } catch (PythonException e) {
                outcome.set(e.pythonType() + ": " + e.pythonMessage().lines().findFirst().orElse(""));
            } catch (Throwable e) {
                outcome.set("threw " + e);
            }
        }, "overflowing", stack);
        thread.start();
        thread.join();
        return outcome.get();
    }
}
