package dev.pyembed;

import dev.pyembed.internal.interp.InterpreterStopper;
import dev.pyembed.internal.interp.InterpreterWorker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sub-interpreters, each with its own GIL (CPython 3.12+), for independent Python work that runs truly in parallel:
 * {@code engine.interpreterPool(2)}. Each interpreter lives on its own platform thread, which creates it, runs the
 * work submitted to it and ends it. Work runs on the interpreter with the shortest queue.
 *
 * <p>What works there: pure-Python code and the standard library's multi-phase-init extension modules. Extension
 * modules that do not support several interpreters (numpy today) fail to import with a message saying to use the
 * main interpreter. Functions registered with {@link PythonEngine#register} are available in the main interpreter
 * only. Values cross as Java values only.
 */
public final class PythonInterpreterPool implements AutoCloseable {

    private final PythonEngine engine;
    private final InterpreterStopper stopper;
    private final List<InterpreterWorker> workers;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private PythonInterpreterPool(PythonEngine engine, List<InterpreterWorker> workers) {
        this.engine = engine;
        this.stopper = new InterpreterStopper(engine.api(), engine.libPython().threadSwitches());
        this.workers = workers;
    }

    static PythonInterpreterPool start(PythonEngine engine, int size, List<String> startupModules) {
        if (size < 1) {
            throw new IllegalArgumentException("an interpreter pool needs at least 1 interpreter, not " + size);
        }
        List<InterpreterWorker> workers = new ArrayList<>();
        PythonInterpreterPool pool = new PythonInterpreterPool(engine, workers);
        try {
            for (int i = 0; i < size; i++) {
                InterpreterWorker worker = new InterpreterWorker(engine, pool.stopper, i, startupModules);
                workers.add(worker);
                worker.start().get();
            }
        } catch (ExecutionException e) {
            pool.close();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.close();
            throw new IllegalStateException("interrupted while starting sub-interpreters", e);
        }
        return pool;
    }

    public int size() {
        return workers.size();
    }

    /** What each interpreter has done so far, by index (for metrics and Actuator). */
    public List<InterpreterStats> stats() {
        return workers.stream().map(InterpreterWorker::stats).toList();
    }

    /**
     * Runs {@code work} on the least busy interpreter; the future completes with its result or its exception.
     * {@code cancel(true)} while it runs stops its Python code as {@code Thread.interrupt()} stops a GIL scope's
     * ({@code pyembed.Interrupted} is raised there, {@code finally} blocks run, the interpreter goes on serving);
     * C code that does not return to the interpreter is stopped when it returns.
     */
    public <T> CompletableFuture<T> submit(Function<SubInterpreter, T> work) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the interpreter pool is closed"));
        }
        return workers.stream().min(Comparator.comparingInt(InterpreterWorker::queued)).orElseThrow().submit(work);
    }

    /** Runs {@code work} on interpreter {@code index}. */
    public <T> CompletableFuture<T> submitTo(int index, Function<SubInterpreter, T> work) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the interpreter pool is closed"));
        }
        return workers.get(index).submit(work);
    }

    /**
     * {@link #submit} and wait: the result, or the work's exception as thrown. Interrupting the waiting thread
     * cancels the work (stopping its Python code) and throws {@link PythonInterruptedException}, the interrupt
     * status kept.
     */
    public <T> T call(Function<SubInterpreter, T> work) {
        CompletableFuture<T> result = submit(work);
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new PythonInterruptedException("the thread was interrupted while its work ran on a sub-interpreter;"
                    + " the work was cancelled", "", e);
        }
    }

    /** Ends every interpreter after its queued work, each on its own thread; waits up to the engine's shutdown timeout. */
    @Override
    public void close() {
        close(engine.shutdownTimeout());
    }

    void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.forget(this);
        try {
            stopper.shutdown(); // before the interpreters end: each deletes the stopper's thread state in it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CompletableFuture<?>[] ended = workers.stream().map(InterpreterWorker::stop).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            org.slf4j.LoggerFactory.getLogger(PythonInterpreterPool.class).warn("pyembed: sub-interpreters still busy"
                    + " after {}; they are left running (their threads are daemons)", timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
