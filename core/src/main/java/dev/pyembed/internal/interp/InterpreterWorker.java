package dev.pyembed.internal.interp;

import dev.pyembed.Gil;
import dev.pyembed.InterpreterStats;
import dev.pyembed.PythonEngine;
import dev.pyembed.SubInterpreter;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.SubInterpreterApi;
import dev.pyembed.internal.capi.ThreadSwitchApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.engine.ApiAccess;
import dev.pyembed.internal.engine.Bootstrap;
import dev.pyembed.internal.engine.Conversions;
import dev.pyembed.internal.engine.EngineParts;
import dev.pyembed.internal.engine.PythonErrors;
import dev.pyembed.internal.gil.GilHeld;
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
public final class InterpreterWorker implements Runnable {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private static final Logger log = LoggerFactory.getLogger(InterpreterWorker.class);
    private static final Runnable STOP = () -> { };

    private final PythonEngine engine;
    private final EngineParts parts;
    private final ThreadSwitchApi switches;
    private final InterpreterStopper stopper;
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
    /** Set on this thread at start, read by the stopper: the interpreter, this thread's ident, pyembed.Interrupted. */
    private volatile long interpreterState;
    private volatile long pythonIdent;
    private volatile long interruptedType;
    /** The task running now; written only with this interpreter's GIL held, so the stopper reads it under the GIL. */
    private volatile Object runningTask;

    public InterpreterWorker(PythonEngine engine, InterpreterStopper stopper, int index, List<String> startupModules) {
        this.engine = engine;
        this.parts = ACCESS.parts(engine);
        this.switches = parts.libPython().threadSwitches();
        this.stopper = stopper;
        this.index = index;
        this.startupModules = startupModules;
        this.thread = new Thread(this, "pyembed-interpreter-" + index);
        this.thread.setDaemon(true); // never keeps the JVM alive by itself
    }

    public CompletableFuture<Void> start() {
        thread.start();
        return started;
    }

    public int index() {
        return index;
    }

    public long interpreterState() {
        return interpreterState;
    }

    public long pythonIdent() {
        return pythonIdent;
    }

    public long interruptedType() {
        return interruptedType;
    }

    public Object runningTask() {
        return runningTask;
    }

    public int queued() {
        return tasks.size();
    }

    public InterpreterStats stats() {
        return new InterpreterStats(index, tasks.size(), busy, completed.sum(), failed.sum(),
                java.time.Duration.ofNanos(runNanos.sum()));
    }

    public <T> CompletableFuture<T> submit(Function<SubInterpreter, T> work) {
        Task<T> result = new Task<>();
        if (ended.isDone()) {
            result.completeExceptionally(new IllegalStateException("the interpreter pool is closed"));
            return result;
        }
        result.body = () -> {
            if (result.isDone()) {
                return; // cancelled before it started: it runs nothing
            }
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
        };
        tasks.add(result.body);
        return result;
    }

    /**
     * The future of one piece of work: {@code cancel(true)} while it runs stops its Python code (the stopper
     * schedules {@code pyembed.Interrupted} for this thread, so {@code finally} blocks run); {@code cancel} before
     * it starts means it never runs.
     */
    private final class Task<T> extends CompletableFuture<T> {
        Runnable body;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && mayInterruptIfRunning && runningTask == body) {
                stopper.requestStop(InterpreterWorker.this, body);
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>(); // dependents are plain futures: cancelling them does not reach Python
        }
    }

    /** Asks the thread to end its interpreter after the work already queued. */
    public CompletableFuture<Void> stop() {
        tasks.add(STOP);
        return ended;
    }

    @Override
    public void run() {
        CApi api = parts.api();
        SubInterpreterApi subInterpreters = parts.libPython().subInterpreters();
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
                switches.PyEval_RestoreThread(threadState); // this interpreter's own GIL
                ACCESS.activate(interpreter, true);
                runningTask = task;
                try {
                    task.run();
                } finally {
                    runningTask = null;
                    // a stop that came too late to fire must not hit the next task
                    api.PyThreadState_SetAsyncExc(pythonIdent, 0);
                    ACCESS.activate(interpreter, false);
                    threadState = switches.PyEval_SaveThread();
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
                switches.PyEval_RestoreThread(mainState);
                throw e;
            }
            threadState = switches.PyEval_SaveThread();
            switches.PyEval_RestoreThread(mainState); // back to the main interpreter, so the scope closes as it opened
        }
    }

    private SubInterpreter bootstrap(CApi api, long created) {
        GilHeld gil = GilHeld.forSubInterpreterThread(api);
        PythonErrors errors = new PythonErrors(null); // no callbacks in a sub-interpreter
        Conversions conversions = Conversions.forSubInterpreter(engine, errors, api);
        Bootstrap bootstrap = Bootstrap.run(gil, conversions, errors, parts.output(), engine.runtime(), parts.pythonPath());
        conversions.bootstrap(gil, bootstrap);
        long main = conversions.checked(gil, api.PyImport_AddModule(Utf8.cString("__main__")));
        SubInterpreter sub = ACCESS.newSubInterpreter(index, conversions, api.PyModule_GetDict(main), thread);
        interpreterState = api.PyInterpreterState_Get();
        pythonIdent = switches.PyThread_get_thread_ident();
        interruptedType = bootstrap.interruptedType(gil);
        for (String module : startupModules) {
            api.Py_DecRef(conversions.checked(gil, api.PyImport_ImportModule(Utf8.cString(module))));
        }
        return sub;
    }

    private void end(CApi api, SubInterpreterApi subInterpreters) {
        try {
            try {
                stopper.shutdown(); // done already when the pool closes; needed when this thread ends on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            switches.PyEval_RestoreThread(threadState);
            ACCESS.clearCodeCache(interpreter); // code objects of this interpreter die with it, not after
            long stopperState = stopper.threadState(this); // the stopper has ended: its state is idle
            if (stopperState != 0) {
                api.PyThreadState_Clear(stopperState);
                api.PyThreadState_Delete(stopperState);
            }
            subInterpreters.end(threadState);
            log.debug("pyembed: sub-interpreter {} ended on {}", index, thread.getName());
        } catch (Throwable e) {
            log.warn("pyembed: sub-interpreter {} could not be ended", index, e);
        } finally {
            ended.complete(null);
        }
    }
}
