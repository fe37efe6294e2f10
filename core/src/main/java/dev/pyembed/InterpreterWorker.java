package dev.pyembed;

import dev.pyembed.internal.GilHeld;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.SubInterpreterApi;
import dev.pyembed.internal.capi.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The dedicated platform thread of one sub-interpreter: creates it (with the main GIL held, as CPython requires),
 * runs the work submitted to it, each piece between taking and giving back the interpreter's own GIL, and ends it
 * ({@code Py_EndInterpreter}) on the same thread — the lifecycle discipline of the main interpreter.
 */
final class InterpreterWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(InterpreterWorker.class);
    private static final Runnable STOP = () -> { };

    private final PythonEngine engine;
    private final int index;
    private final List<String> startupModules;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread thread;
    private final java.util.concurrent.atomic.LongAdder completed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder runNanos = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean busy;
    private SubInterpreter interpreter;
    private long threadState;

    InterpreterWorker(PythonEngine engine, int index, List<String> startupModules) {
        this.engine = engine;
        this.index = index;
        this.startupModules = startupModules;
        this.thread = new Thread(this, "pyembed-interpreter-" + index);
        this.thread.setDaemon(true); // never keeps the JVM alive by itself
    }

    CompletableFuture<Void> start() {
        thread.start();
        return started;
    }

    int queued() {
        return tasks.size();
    }

    InterpreterStats stats() {
        return new InterpreterStats(index, tasks.size(), busy, completed.sum(), failed.sum(),
                java.time.Duration.ofNanos(runNanos.sum()));
    }

    <T> CompletableFuture<T> submit(Function<SubInterpreter, T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (ended.isDone()) {
            result.completeExceptionally(new IllegalStateException("the interpreter pool is closed"));
            return result;
        }
        tasks.add(() -> {
            long begin = System.nanoTime();
            try {
                result.complete(work.apply(interpreter));
                completed.increment();
            } catch (Throwable e) {
                failed.increment();
                result.completeExceptionally(e);
            } finally {
                runNanos.add(System.nanoTime() - begin);
            }
        });
        return result;
    }

    /** Asks the thread to end its interpreter after the work already queued. */
    CompletableFuture<Void> stop() {
        tasks.add(STOP);
        return ended;
    }

    @Override
    public void run() {
        CApi api = engine.api();
        SubInterpreterApi subInterpreters = engine.libPython().subInterpreters();
        try {
            create(api, subInterpreters);
            started.complete(null);
        } catch (Throwable e) {
            started.completeExceptionally(e);
            ended.complete(null);
            return;
        }
        try {
            for (Runnable task = tasks.take(); task != STOP; task = tasks.take()) {
                busy = true;
                api.PyEval_RestoreThread(threadState); // this interpreter's own GIL
                interpreter.activate(true);
                try {
                    task.run();
                } finally {
                    interpreter.activate(false);
                    threadState = api.PyEval_SaveThread();
                    busy = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end(api, subInterpreters);
        }
    }

    private void create(CApi api, SubInterpreterApi subInterpreters) {
        try (Gil gil = engine.acquireGil()) {
            long mainState = subInterpreters.currentThreadState();
            long created = subInterpreters.create(); // now current: the new interpreter, its own GIL held
            try {
                interpreter = bootstrap(api, created);
            } catch (RuntimeException | Error e) {
                subInterpreters.end(created);
                api.PyEval_RestoreThread(mainState);
                throw e;
            }
            threadState = api.PyEval_SaveThread();
            api.PyEval_RestoreThread(mainState); // back to the main interpreter, so the scope closes as it opened
        }
    }

    private SubInterpreter bootstrap(CApi api, long created) {
        GilHeld gil = GilHeld.forSubInterpreterThread(api);
        PythonErrors errors = new PythonErrors();
        Conversions conversions = new Conversions(engine, errors, api, false);
        Bootstrap bootstrap = Bootstrap.run(gil, conversions, errors, engine.output(), engine.runtime(), engine.pythonPath());
        conversions.bootstrap(gil, bootstrap);
        long main = conversions.checked(gil, api.PyImport_AddModule(Utf8.cString("__main__")));
        SubInterpreter sub = new SubInterpreter(index, conversions, api.PyModule_GetDict(main), thread);
        for (String module : startupModules) {
            api.Py_DecRef(conversions.checked(gil, api.PyImport_ImportModule(Utf8.cString(module))));
        }
        return sub;
    }

    private void end(CApi api, SubInterpreterApi subInterpreters) {
        try {
            api.PyEval_RestoreThread(threadState);
            subInterpreters.end(threadState);
            log.debug("pyembed: sub-interpreter {} ended on {}", index, thread.getName());
        } catch (Throwable e) {
            log.warn("pyembed: sub-interpreter {} could not be ended", index, e);
        } finally {
            ended.complete(null);
        }
    }
}
