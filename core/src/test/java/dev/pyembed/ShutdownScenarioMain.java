package dev.pyembed;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Shutdown scenarios that need a JVM of their own, run by {@link ShutdownTest} as a child process. */
public final class ShutdownScenarioMain {

    private ShutdownScenarioMain() {
    }

    public static void main(String[] args) throws Exception {
        PythonEngine engine = TestEngines.builder().shutdownTimeout(Duration.ofSeconds(1)).start();
        switch (args[0]) {
            case "exit-without-close" -> engine.runWithGil(gil -> gil.exec("""
                    import atexit, threading
                    atexit.register(lambda: print("atexit main-thread:", threading.current_thread() is threading.main_thread()))
                    """));
            case "python-thread-never-ends" -> {
                engine.runWithGil(gil -> gil.exec("""
                        import threading, time
                        def spin_forever():
                            while True:
                                time.sleep(0.05)
                        # Threads started from a Java thread inherit daemon=True from its dummy threading object: ask for non-daemon.
                        threading.Thread(target=spin_forever, name="never-ends", daemon=False).start()
                        """));
                engine.close();
                System.out.println("close returned, state " + engine.state());
            }
            case "scope-held-forever" -> {
                CountDownLatch holding = new CountDownLatch(1);
                Thread holder = new Thread(() -> engine.runWithGil(gil -> {
                    holding.countDown();
                    gil.allowThreads(() -> {
                        try {
                            new CountDownLatch(1).await(); // never
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }), "holds-a-scope");
                holder.setDaemon(true);
                holder.start();
                holding.await();
                engine.close();
                System.out.println("close returned, state " + engine.state());
            }
            case "c-code-keeps-the-gil" -> {
                CountDownLatch keeping = new CountDownLatch(1);
                engine.register("keeping_the_gil", a -> {
                    keeping.countDown();
                    return null;
                }, false);
                engine.runWithGil(gil -> gil.exec("""
                        import ctypes, threading, pyembed
                        libc = ctypes.PyDLL(None)  # a PyDLL call keeps the GIL: C code that never gives it back
                        go = threading.Event()
                        def keep_the_gil():
                            go.wait()  # until this Java thread's scopes are closed: it must not wait for the GIL
                            pyembed.keeping_the_gil()
                            libc.sleep(120)
                        threading.Thread(target=keep_the_gil, name="keeps-the-gil", daemon=True).start()
                        """));
                engine.runWithGil(gil -> gil.exec("go.set()"));
                keeping.await(); // the Python thread holds the GIL now, and keeps it in sleep()
                long begin = System.nanoTime();
                engine.close();
                System.out.println("close returned after " + (System.nanoTime() - begin) / 1_000_000 + " ms, state "
                        + engine.state());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
