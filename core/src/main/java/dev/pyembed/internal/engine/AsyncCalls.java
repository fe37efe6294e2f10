package dev.pyembed.internal.engine;

import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.gil.GilHeld;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Coroutines as {@link CompletableFuture}s: one asyncio event loop per engine, on its own Python thread
 * ({@code pyembed-asyncio}, started on the first async call), runs every awaitable Java submits. A submission takes
 * the GIL only to hand the awaitable to the loop; the loop reports each outcome through a Java function, which
 * converts it while the loop thread holds the GIL and completes the future on {@link ForkJoinPool#commonPool()},
 * so that what the caller chains onto it never runs on the loop's thread or with the GIL held.
 *
 * <p>Cancelling a future ({@code cancel(true)} or {@code cancel(false)}) cancels its asyncio task: the coroutine
 * gets {@code CancelledError}, and its {@code finally} blocks run. A coroutine cancelled in Python completes its
 * future with a {@link CancellationException}. {@link #close} (engine close) stops the loop, bounded: what still runs
 * is cancelled, and futures still pending after it complete with an {@link IllegalStateException}.
 */
public final class AsyncCalls {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private static final int RESULT = 0;
    private static final int ERROR = 1;
    private static final int CANCELLED = 2;

    private final PythonEngine engine;
    private final EngineParts parts;
    private final Executor completions = ForkJoinPool.commonPool();
    private final Map<Long, PythonFuture> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AsyncCalls.class);

    /** The loop's heartbeat period ({@code AsyncLoop.HEARTBEAT_SECONDS} in bootstrap.py). */
    private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private PyObject loop; // guarded by the GIL (made and used in scopes only)
    private volatile boolean started;
    private volatile long lastBeat;
    private volatile boolean closed;

    public AsyncCalls(PythonEngine engine) {
        this.engine = engine;
        this.parts = ACCESS.parts(engine);
    }

    /** Hands {@code awaitable} (a new reference this method owns) to the loop. GIL held. */
    public CompletableFuture<Object> submit(GilHeld gil, long awaitable) {
        try {
            if (closed) {
                throw new IllegalStateException("the engine is closing: no new async calls");
            }
            Object isAwaitable = parts.bootstrap().call(gil, "is_awaitable", new Callbacks.Borrowed(awaitable));
            if (!Boolean.TRUE.equals(isAwaitable)) {
                String type = (String) parts.bootstrap().call(gil, "type_name", new Callbacks.Borrowed(awaitable));
                throw new IllegalArgumentException("a Python " + type + " is not awaitable: callAsync needs an async def"
                        + " function (or one that returns a coroutine, task or future); call it with call(...) instead");
            }
            PythonFuture future = new PythonFuture(ids.incrementAndGet());
            pending.put(future.id, future);
            try {
                loop(gil).callMethod("submit", future.id, new Callbacks.Borrowed(awaitable));
            } catch (RuntimeException | Error e) {
                pending.remove(future.id);
                throw e;
            }
            return future;
        } finally {
            gil.api().Py_DecRef(awaitable);
        }
    }

    /**
     * How long the loop is overdue with its heartbeat (every 100 ms): zero while it runs freely or was never
     * started; grows while a coroutine blocks it (a blocking call without {@code await}).
     */
    public Duration stall() {
        if (!started || closed) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, System.nanoTime() - lastBeat - HEARTBEAT_NANOS));
    }

    /** Futures the loop has not completed yet. */
    public int pendingCount() {
        return pending.size();
    }

    private PyObject loop(GilHeld gil) {
        if (loop == null) {
            CApi api = gil.api();
            long done = parts.conversions().checked(gil, NativeFunctions.create(gil, this::done));
            long end = parts.conversions().checked(gil, NativeFunctions.create(gil, (held, args) -> {
                ended.complete(null);
                return none(held);
            }));
            long heartbeat = parts.conversions().checked(gil, NativeFunctions.create(gil, (held, args) -> {
                lastBeat = System.nanoTime();
                return none(held);
            }));
            try {
                lastBeat = System.nanoTime();
                loop = ACCESS.newPyObject(engine, parts.bootstrap().callReference(gil, "AsyncLoop",
                        new Callbacks.Borrowed(done), new Callbacks.Borrowed(end), new Callbacks.Borrowed(heartbeat)));
                started = true;
            } finally {
                api.Py_DecRef(done);
                api.Py_DecRef(end);
                api.Py_DecRef(heartbeat);
            }
        }
        return loop;
    }

    /** {@code done(call_id, outcome, value)}, called by the loop (on its thread, or a cancelling one), GIL held. */
    private long done(GilHeld gil, long args) {
        CApi api = gil.api();
        Conversions conversions = parts.conversions();
        long id = (Long) conversions.toJava(gil, api.PyTuple_GetItem(args, 0));
        int outcome = ((Long) conversions.toJava(gil, api.PyTuple_GetItem(args, 1))).intValue();
        long value = api.PyTuple_GetItem(args, 2);
        PythonFuture future = pending.remove(id);
        if (future != null) {
            switch (outcome) {
                case RESULT -> {
                    Object result = conversions.toJava(gil, value);
                    completions.execute(() -> future.complete(result));
                }
                case ERROR -> {
                    RuntimeException error = exceptionOf(gil, value);
                    completions.execute(() -> future.completeExceptionally(error));
                }
                default -> completions.execute(() -> future.cancelledByPython());
            }
        }
        return none(gil);
    }

    /** The {@link PythonException} of an exception object, through the error indicator that {@code fetch} reads. */
    private RuntimeException exceptionOf(GilHeld gil, long exception) {
        CApi api = gil.api();
        long type = api.PyObject_Type(exception);
        try {
            api.PyErr_SetObject(type, exception);
        } finally {
            api.Py_DecRef(type);
        }
        return parts.errors().fetch(gil);
    }

    private long none(GilHeld gil) {
        long none = parts.conversions().none();
        gil.api().Py_IncRef(none);
        return none;
    }

    /**
     * Stops the loop, if one was started (engine close, before the interpreter is finalized): cancels what runs and
     * waits for its end, at most {@code timeout}, also when C code keeps the GIL (the stop runs on a helper thread).
     * Futures still pending then fail. Not inside a GIL scope.
     */
    public void close(Duration timeout) {
        closed = true;
        if (started) {
            CompletableFuture<Void> stopping = new CompletableFuture<>();
            Thread stopper = new Thread(() -> {
                try {
                    stopLoop(timeout);
                    stopping.complete(null);
                } catch (Throwable e) {
                    stopping.completeExceptionally(e);
                }
            }, "pyembed-asyncio-stop");
            stopper.setDaemon(true);
            stopper.start();
            try {
                stopping.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                log.warn("pyembed: the asyncio loop did not stop within {} (a coroutine that blocks the loop, a finally"
                        + " block that does not end, or C code that keeps the GIL)", timeout);
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("pyembed: stopping the asyncio loop failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        IllegalStateException closing = new IllegalStateException("the Python engine closed before this coroutine finished");
        pending.values().forEach(future -> future.completeExceptionally(closing));
        pending.clear();
    }

    private void stopLoop(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        engine.runWithGil(gil -> loop.callMethod("stop", 0.0)); // asks the loop to stop; the wait is Java's, without the GIL
        ended.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        engine.runWithGil(gil -> {
            loop.close();
            loop = null;
        });
    }

    /** A future whose cancellation cancels the asyncio task. */
    public final class PythonFuture extends CompletableFuture<Object> {
        private final long id;

        PythonFuture(long id) {
            this.id = id;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && pending.containsKey(id) && !closed) {
                try {
                    engine.runWithGil(gil -> {
                        if (loop != null) {
                            loop.callMethod("cancel", id);
                        }
                    });
                } catch (IllegalStateException engineClosing) {
                    // the loop is stopping anyway: it cancels every task itself
                }
            }
            return cancelled;
        }

        void cancelledByPython() {
            super.cancel(false);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>(); // dependents are plain futures: cancelling them does not reach Python
        }

        @Override
        public Executor defaultExecutor() {
            return completions;
        }
    }
}
