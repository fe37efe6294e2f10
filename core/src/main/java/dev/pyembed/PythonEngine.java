package dev.pyembed;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.LibPython;
import dev.pyembed.internal.engine.ApiAccess;
import dev.pyembed.internal.engine.AsyncCalls;
import dev.pyembed.internal.engine.Bootstrap;
import dev.pyembed.internal.engine.CallWatcher;
import dev.pyembed.internal.engine.Callbacks;
import dev.pyembed.internal.engine.CodeCache;
import dev.pyembed.internal.engine.Conversions;
import dev.pyembed.internal.engine.EngineParts;
import dev.pyembed.internal.engine.MainInterpreter;
import dev.pyembed.internal.engine.PythonErrors;
import dev.pyembed.internal.gil.DeferredDecRefs;
import dev.pyembed.internal.gil.GilHandOff;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.GilMonitor;
import dev.pyembed.internal.gil.GilScopes;
import dev.pyembed.internal.gil.ThreadContext;
import dev.pyembed.internal.gil.ThreadStates;
import dev.pyembed.internal.gil.VirtualThreads;
import dev.pyembed.internal.runtime.RuntimeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * CPython in this JVM: one engine per process.
 *
 * <p>{@link #start()} initializes the interpreter on a dedicated platform thread, {@code pyembed-lifecycle}, which
 * releases the GIL at once (pythonnet's {@code BeginAllowThreads}). Java threads then take the GIL only around
 * Python work ({@link #acquireGil()}, {@link #withGil(Function)}) and give it back around long Java work
 * ({@link #allowThreads(Supplier)}). {@link #close()} hands the shutdown to the same lifecycle thread: no new
 * scopes, a bounded wait for those in flight, the GIL taken back, a bounded wait for non-daemon Python threads,
 * then {@code Py_FinalizeEx}. Nothing in it can hang JVM shutdown or let Python exit the JVM.
 */
public final class PythonEngine implements AutoCloseable {

    static {
        // First, before anything here loads the machinery, which reaches the API's internals through it.
        ApiAccess.install(new InternalAccess());
    }

    private static final Logger log = LoggerFactory.getLogger(PythonEngine.class);
    /** What close() waits beyond the shutdown timeout for the lifecycle thread to finalize (its steps use the timeout). */
    private static final Duration FINALIZE_GRACE = Duration.ofSeconds(1);
    /** The label of the engine's own snapshot scopes (pythonThreads, stats), for metrics and status. */
    public static final String SNAPSHOT_LABEL = "pyembed.snapshot";
    private static final Object PROCESS_LOCK = new Object();
    private static PythonEngine active; // guarded by PROCESS_LOCK: CPython has one main interpreter per process

    private final Builder settings;
    /** Libpython, the bootstrap, the scopes: made by start() on pyembed-lifecycle, ended there by close(). */
    private final MainInterpreter main;
    private final Object stateLock = new Object();
    private volatile EngineState state = EngineState.NEW;
    private volatile Throwable failure;
    private volatile long startedAtNanos;
    private CompletableFuture<Void> closing; // guarded by stateLock
    /** close() gave up waiting: the lifecycle thread must not finalize later, when the process may be exiting. */
    private volatile boolean closeAbandoned;
    private final CompletableFuture<Void> startDone = new CompletableFuture<>();
    private ExecutorService lifecycle;
    private volatile Thread lifecycleThread;
    private Thread shutdownHook;
    private volatile GilHandOff handOff;
    private ExecutorService snapshotWorker; // guarded by stateLock
    private final EngineParts parts = new Parts(); // before the machinery below, which keeps it
    private final GilMonitor monitor = new GilMonitor();
    private final Callbacks callbacks = new Callbacks(this);
    private final AsyncCalls asyncCalls = new AsyncCalls(this);
    private final java.util.concurrent.atomic.LongAdder liveObjects = new java.util.concurrent.atomic.LongAdder();

    private final List<PythonInterpreterPool> pools = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile PythonInterpreterPool configuredPool;

    private PythonEngine(Builder settings) {
        this.settings = settings;
        this.main = new MainInterpreter(new MainInterpreter.Settings(
                new RuntimeRequest(settings.runtime, settings.library, settings.home, settings.venv, settings.cacheDirectory),
                settings.classPathPackages, settings.classLoader, settings::nativeBackend, settings.useEnvironment,
                settings.output, settings.logSink, settings.logLevel, settings.javaCallerQueueMaxWait,
                settings.pythonPath, settings.shutdownTimeout, settings.finalizeOnClose));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----

    /** Initializes CPython on {@code pyembed-lifecycle}; throws {@link PythonStartException} when it cannot. */
    public PythonEngine start() {
        synchronized (stateLock) {
            if (state != EngineState.NEW) {
                throw new IllegalStateException("start() was already called (the engine is " + state
                        + "); an engine starts once: build a new one");
            }
            state = EngineState.STARTING;
        }
        try {
            claimProcess();
            long begin = System.nanoTime();
            lifecycle = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "pyembed-lifecycle");
                thread.setDaemon(true); // never keeps the JVM alive by itself
                lifecycleThread = thread;
                return thread;
            });
            awaitStart(lifecycle.submit(() -> main.start(this, callbacks, monitor, this::refusal)));
            main.gate().open();
            startedAtNanos = System.nanoTime();
            state = EngineState.RUNNING;
            log.info("pyembed: started {} in {} ms ({}){}", main.runtime(), (startedAtNanos - begin) / 1_000_000, main.runtime().reason(),
                    main.packages().isEmpty() ? "" : "; Python packages from the class path: " + main.packages());
            if (settings.shutdownHook) {
                shutdownHook = new Thread(this::close, "pyembed-shutdown-hook");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            state = EngineState.FAILED;
            if (lifecycle != null) {
                lifecycle.shutdown();
            }
            releaseProcess();
            throw e;
        } finally {
            startDone.complete(null);
        }
        startConfiguredPool();
        return this;
    }

    private void startConfiguredPool() {
        if (settings.interpreters == 0) {
            return;
        }
        try {
            configuredPool = interpreterPool(settings.interpreters, settings.interpreterModules);
        } catch (RuntimeException e) {
            close();
            failure = e;
            state = EngineState.FAILED;
            String message = "the pool of " + settings.interpreters + " sub-interpreters could not start: " + e.getMessage();
            throw e instanceof UnsupportedOperationException
                    ? new PythonStartException(message, "use CPython 3.12+ (pyembed.runtime=embedded gives 3.14), or set"
                    + " pyembed.interpreters.size=0", e)
                    : new PythonStartException(message, "check pyembed.interpreters.modules", e);
        }
    }

    /** How many sub-interpreters the builder asked for (0: none), known before start. */
    public int configuredInterpreters() {
        return settings.interpreters;
    }

    /** The configured pool once it runs, else empty (before start, or when none is configured). */
    public java.util.Optional<PythonInterpreterPool> interpretersIfStarted() {
        return java.util.Optional.ofNullable(configuredPool);
    }

    /** The sub-interpreter pool configured with {@link Builder#interpreters(int, List)}. */
    public PythonInterpreterPool interpreters() {
        PythonInterpreterPool pool = configuredPool;
        if (pool == null) {
            throw new IllegalStateException("no sub-interpreter pool is configured: set pyembed.interpreters.size, or"
                    + " builder.interpreters(n, modules), or make one with engine.interpreterPool(n)");
        }
        return pool;
    }

    private void awaitStart(java.util.concurrent.Future<?> start) {
        try {
            start.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PythonStartException startException) {
                throw startException;
            }
            throw new PythonStartException("CPython failed to start: " + cause, "see the cause", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonStartException("interrupted while CPython was starting", "");
        }
    }

    /**
     * Shuts Python down on {@code pyembed-lifecycle}, bounded by the shutdown timeout: it returns within
     * {@link Builder#shutdownTimeout(Duration) shutdownTimeout} + 1 s, whatever Python does (a C function that keeps
     * the GIL, an atexit handler that never returns). Idempotent; safe from any thread, from a JVM shutdown hook, and
     * concurrently. Must not be called inside a GIL scope.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done;
        synchronized (stateLock) {
            if (state == EngineState.NEW) {
                state = EngineState.STOPPED;
                return;
            }
        }
        startDone.join();
        long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos(); // one bound for every step
        for (PythonInterpreterPool pool : pools) {
            pool.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))); // sub-interpreters end first
        }
        if (state == EngineState.RUNNING && main.states().current().depth() == 0) {
            asyncCalls.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))); // coroutines end first
        }
        synchronized (stateLock) {
            if (state == EngineState.FAILED || (state == EngineState.STOPPED && closing == null)) {
                return;
            }
            if (Thread.currentThread() == lifecycleThread) {
                throw new IllegalStateException("close() cannot run on pyembed-lifecycle itself (e.g. from an atexit handler)");
            }
            if (closing == null) {
                if (main.states().current().depth() > 0) {
                    throw new IllegalStateException("close() was called inside a GIL scope of this thread; close the scope first");
                }
                state = EngineState.STOPPING;
                closing = CompletableFuture.runAsync(() -> main.shutdown(deadline, () -> closeAbandoned), lifecycle);
            }
            done = closing;
        }
        try {
            done.get(Math.max(0, deadline + FINALIZE_GRACE.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeAbandoned = true;
            log.warn("pyembed: Python did not finish shutting down within {} + {} (C code that keeps the GIL, or a"
                    + " long finalization); Python is left initialized and the process can still exit (pyembed-lifecycle"
                    + " is a daemon thread)", settings.shutdownTimeout, FINALIZE_GRACE);
        } catch (ExecutionException e) {
            log.warn("pyembed: Python shutdown failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finishClose();
        }
    }

    private void finishClose() {
        synchronized (stateLock) {
            if (state == EngineState.STOPPED) {
                return;
            }
            state = EngineState.STOPPED;
        }
        lifecycle.shutdown();
        GilHandOff workers = handOff;
        if (workers != null) {
            workers.close();
        }
        CallWatcher calls = main.watcher();
        if (calls != null) {
            calls.stop();
        }
        synchronized (stateLock) {
            if (snapshotWorker != null) {
                snapshotWorker.shutdownNow();
            }
        }
        releaseProcess();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting; the hook runs close() again, which returns at once
            }
        }
    }

    public EngineState state() {
        return state;
    }

    /** Why the engine is FAILED, if it is. */
    public Throwable failure() {
        return failure;
    }

    /** Which CPython runs, its version, and where it came from. */
    public PythonRuntime runtime() {
        if (main.runtime() == null || state == EngineState.STARTING) {
            throw new IllegalStateException("the engine has not started yet (state " + state + ")");
        }
        return main.runtime();
    }

    /**
     * The Python packages found on the class path (jars with a {@code META-INF/pyembed/python-packages.properties},
     * such as {@code dev.pyembed:pyembed-numpy}), extracted and on {@code sys.path} ahead of the application's own
     * folders, in class path order; empty when there are none or {@link Builder#classPathPackages(boolean)} is off.
     */
    public List<PythonPackage> packages() {
        if (main.runtime() == null || state == EngineState.STARTING) {
            throw new IllegalStateException("the engine has not started yet (state " + state + ")");
        }
        return main.packages();
    }

    /**
     * How this engine calls CPython: {@link NativeBackend#FFM} or {@link NativeBackend#JNA} (also in
     * {@link #runtime()}). Chosen once per JVM by the first engine: see {@link Builder#nativeBackend(NativeBackend)}.
     */
    public NativeBackend nativeBackend() {
        return runtime().nativeBackend();
    }

    /** The longest wait in the Java caller queue, when it is on ({@link Builder#javaCallerQueue(Duration)}). */
    public Optional<Duration> javaCallerQueue() {
        return Optional.ofNullable(settings.javaCallerQueueMaxWait);
    }

    // ---- Java from Python ----

    /**
     * Makes {@code function} callable from Python as {@code pyembed.<name>(...)}. It runs with the GIL released
     * (the default for registered callbacks: Java work must not stall Python threads and other Java threads);
     * use {@link #register(String, JavaFunction, boolean)} with {@code false} for tiny functions called very often.
     * Works before or after {@link #start()}; after {@link #close()} it throws {@link IllegalStateException}.
     */
    public void register(String name, JavaFunction function) {
        register(name, function, true);
    }

    /** {@link #register(String, JavaFunction)}, saying whether the GIL is released while {@code function} runs. */
    public void register(String name, JavaFunction function, boolean releasesGil) {
        refuseRegistrationAfterClose();
        callbacks.registerFunction(requireIdentifier(name), Objects.requireNonNull(function), releasesGil);
    }

    /**
     * Makes {@code target}'s public methods callable from Python: {@code pyembed.java("<name>").method(args)}.
     * Calls run with the GIL released. Overloads are chosen by name and argument count, then by argument types.
     */
    public void registerObject(String name, Object target) {
        registerObject(name, target, true);
    }

    /** {@link #registerObject(String, Object)}, saying whether the GIL is released while a method runs. */
    public void registerObject(String name, Object target, boolean releasesGil) {
        refuseRegistrationAfterClose();
        callbacks.registerObject(Objects.requireNonNull(name), Objects.requireNonNull(target), releasesGil);
    }

    /** Registering works before start and while running; after close (or a failed start) nothing would call it. */
    private void refuseRegistrationAfterClose() {
        EngineState now = state;
        if (now == EngineState.STOPPING || now == EngineState.STOPPED || now == EngineState.FAILED) {
            throw refusal();
        }
    }

    /**
     * Removes what was registered as {@code name} ({@link #register} or {@link #registerObject}): Python no longer
     * sees it, and the engine no longer references its target. Works before or after {@link #start()}.
     *
     * @return whether something was registered under that name
     */
    public boolean unregister(String name) {
        return callbacks.unregister(Objects.requireNonNull(name));
    }

    private static String requireIdentifier(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.equals("java") || name.equals("JavaError") || name.equals("JavaObject")
                || name.equals("Interrupted") || name.equals("DeadlineExceeded")) {
            throw new IllegalArgumentException("'" + name + "' cannot be a pyembed function name: use a Python identifier"
                    + " other than the module's own names (java, JavaError, JavaObject, Interrupted, DeadlineExceeded)");
        }
        return name;
    }

    // ---- async Python ----

    /**
     * Calls {@code module.function(*args)}, an {@code async def} (or any function returning an awaitable), and runs
     * the coroutine on the engine's asyncio event loop ({@code pyembed-asyncio}, one per engine, started on first
     * use). The caller holds the GIL only while the call is handed to the loop, never while the coroutine runs.
     * The future completes with the converted result, or exceptionally with the {@link PythonException};
     * {@code cancel(...)} cancels the asyncio task (the coroutine gets {@code CancelledError}). Completions run on
     * the common fork-join pool, never on the loop's thread. Closing the engine cancels what still runs (bounded by
     * the shutdown timeout).
     */
    public CompletableFuture<Object> callAsync(String module, String function, Object... args) {
        return withGil(gil -> {
            try (PyObject m = gil.importModule(module); PyObject f = m.getAttr(function)) {
                return f.callAsync(args);
            }
        });
    }

    /**
     * How long the asyncio loop ({@link #callAsync}) is overdue with its 100 ms heartbeat: zero while coroutines run
     * freely (or no async call was made); it grows while a coroutine blocks the loop, which stalls every other
     * coroutine. For polling (the Spring watchdog warns when it passes {@code pyembed.gil.hold-warning}).
     */
    public Duration asyncLoopStall() {
        return asyncCalls.stall();
    }

    // ---- GIL scopes ----

    /**
     * Opens a GIL scope on the calling (platform) thread: {@code try (Gil gil = engine.acquireGil()) { ... }}.
     * Blocks until the GIL is free. Re-entrant. On a virtual thread it refuses: use {@link #withGil(Function)}.
     */
    public Gil acquireGil() {
        return acquireGil(null, null);
    }

    /**
     * {@link #acquireGil()} that gives up after {@code timeout} with a {@link GilTimeoutException} naming the Java
     * thread that holds the GIL and for how long. The timeout bounds the wait behind other Java scopes (the usual
     * cause of long waits); a Python thread hands the GIL over every switch interval (5 ms) unless it runs C code
     * that keeps it, and that last part of the wait cannot be cut short.
     */
    public Gil acquireGil(Duration timeout) {
        return acquireGil(timeout, null);
    }

    /**
     * {@link #acquireGil(Duration)} with a label for metrics and status (e.g. {@code RiskService.score}); keep
     * labels few (a method name, not a request id). {@code timeout} may be null: no limit.
     */
    public Gil acquireGil(Duration timeout, String label) {
        return acquireGil(timeout, label, settings.callDeadline);
    }

    /**
     * {@link #acquireGil(Duration, String)} for a call that must end within {@code deadline} (counted from now, the
     * wait for the GIL included; {@code null}: none, not even the builder's {@link Builder#callDeadline(Duration)}).
     * Past it, the Python code running in the scope is stopped: it gets a {@code pyembed.DeadlineExceeded} exception
     * (its {@code finally} blocks run), and the Java caller a {@link PythonTimeoutException}. Only the outermost scope's
     * deadline counts. What cannot be stopped: C code that does not return to the interpreter (see the README).
     */
    public Gil acquireGil(Duration timeout, String label, Duration deadline) {
        return acquireGil(timeout, label, deadline, deadlineAt(deadline));
    }

    private Gil acquireGil(Duration timeout, String label, Duration deadline, long deadlineAt) {
        GilScopes current = main.scopes();
        if (current == null) {
            throw refusal();
        }
        return current.acquire(timeout, GilScopeInfo.JAVA, label, deadline, deadlineAt);
    }

    private static long deadlineAt(Duration deadline) {
        if (deadline == null) {
            return 0;
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a call deadline must be positive (or null for none), was " + deadline);
        }
        return System.nanoTime() + deadline.toNanos();
    }

    /** Runs {@code work} in a GIL scope and returns its result. On a virtual thread, runs it on a platform thread. */
    public <T> T withGil(Function<Gil, T> work) {
        return withGil(null, null, work);
    }

    /**
     * {@link #withGil(Function)} with the timeout and label of {@link #acquireGil(Duration, String)}. On a virtual
     * thread the work runs on a platform thread ({@code pyembed-gil-worker}) while the virtual thread waits
     * without pinning its carrier: a virtual thread never holds a CPython thread state.
     */
    public <T> T withGil(Duration timeout, String label, Function<Gil, T> work) {
        return withGil(timeout, label, settings.callDeadline, work);
    }

    /**
     * {@link #withGil(Duration, String, Function)} for a call that must end within {@code deadline} ({@code null}:
     * none): see {@link #acquireGil(Duration, String, Duration)}. Interrupting the calling thread
     * ({@link Thread#interrupt()}, {@code Future.cancel(true)}) stops its Python code the same way, with a
     * {@link PythonInterruptedException}; on a virtual thread the interrupt reaches the platform thread running the
     * work, and work still waiting there for a worker is dropped without running.
     */
    public <T> T withGil(Duration timeout, String label, Duration deadline, Function<Gil, T> work) {
        Objects.requireNonNull(work, "work");
        long deadlineAt = deadlineAt(deadline);
        if (VirtualThreads.isVirtual(Thread.currentThread())) {
            return handOff().call(() -> withGilAt(timeout, label, deadline, deadlineAt, work), deadline, deadlineAt);
        }
        return withGilAt(timeout, label, deadline, deadlineAt, work);
    }

    private <T> T withGilAt(Duration timeout, String label, Duration deadline, long deadlineAt, Function<Gil, T> work) {
        try (Gil gil = acquireGil(timeout, label, deadline, deadlineAt)) {
            return work.apply(gil);
        }
    }

    /** Runs {@code work} in a GIL scope. On a virtual thread, runs it on a platform thread. */
    public void runWithGil(Consumer<Gil> work) {
        Objects.requireNonNull(work, "work");
        withGil(gil -> {
            work.accept(gil);
            return null;
        });
    }

    /**
     * Gives the GIL back while {@code work} runs (long Java work called from Python, a blocking wait), and takes it
     * back afterwards, also when {@code work} throws. Without a GIL scope on this thread, simply runs {@code work}.
     */
    public <T> T allowThreads(Supplier<T> work) {
        GilScopes current = main.scopes();
        return current == null ? work.get() : current.allowThreads(work);
    }

    /** {@link #allowThreads(Supplier)} for work without a result. */
    public void allowThreads(Runnable work) {
        allowThreads(() -> {
            work.run();
            return null;
        });
    }

    /** Whether the calling thread holds the GIL through a pyembed scope now. */
    public boolean isGilHeldByCurrentThread() {
        GilScopes current = main.scopes();
        return current != null && current.currentThreadHoldsGil();
    }

    // ---- sub-interpreters ----

    /**
     * Starts {@code size} sub-interpreters with their own GIL (CPython 3.12+), each on its own platform thread, for
     * Python work that runs in parallel (see {@link PythonInterpreterPool}). The pool is closed with the engine, before
     * the main interpreter is finalized. On 3.10/3.11 this fails with a message naming the version needed.
     */
    public PythonInterpreterPool interpreterPool(int size) {
        return interpreterPool(size, List.of());
    }

    /** {@link #interpreterPool(int)} importing {@code startupModules} in each interpreter first. */
    public PythonInterpreterPool interpreterPool(int size, List<String> startupModules) {
        if (state != EngineState.RUNNING) {
            throw refusal();
        }
        main.libPython().subInterpreters(); // fails clearly before 3.12
        PythonInterpreterPool pool = PythonInterpreterPool.start(this, size, List.copyOf(startupModules));
        pools.add(pool);
        return pool;
    }

    void forget(PythonInterpreterPool pool) {
        pools.remove(pool);
    }

    // ---- observability: GIL status and listeners, stopped calls, Python threads, statistics ----

    /** Which Java thread holds the GIL and for how long, and which wait (times are tracked from the first call on). */
    public GilStatus gilStatus() {
        ThreadStates current = main.states();
        return current == null ? new GilStatus(java.util.Optional.empty(), List.of()) : monitor.status(current);
    }

    /**
     * How many threads wait for the GIL in a scope now: {@link #gilStatus()}'s waiters, counted without building them
     * (for gauges). Waits are seen once times are tracked, i.e. from the first call of this, of {@link #gilStatus()}
     * or of a listener added on.
     */
    public int gilWaitingThreads() {
        ThreadStates current = main.states();
        return current == null ? 0 : monitor.waitingThreads(current);
    }

    /**
     * Whether a Java scope holds the GIL now (0 or 1), as {@link #gilHolder()} would say, without taking its stack and
     * without turning time tracking on: for gauges. A thread Python created holds the GIL as a Java scope while a Java
     * callback on it took the GIL back (after {@code allowThreads}) until the callback returns.
     */
    public int gilHoldingThreads() {
        return monitor.javaHolder() ? 1 : 0;
    }

    /**
     * How long the Java scope that holds the GIL now has held it, without the stacks {@link #gilStatus()} takes:
     * zero when no Java scope holds it. Exact once times are tracked (a listener was added or a status asked for);
     * before that, and without turning it on, a lower bound measured from the first call that saw this hold: poll
     * it, and a long hold shows at most one poll period short. Costs the GIL scopes nothing.
     */
    public Duration gilHoldAge() {
        return monitor.holdAge();
    }

    /**
     * The Java thread holding the GIL now, its label, its Java stack and {@link #gilHoldAge()}; empty when none.
     * Unlike {@link #gilStatus()} it does not turn time tracking on (no clock reads on the GIL scopes): for
     * watchdogs that poll.
     */
    public Optional<GilStatus.Holder> gilHolder() {
        return monitor.holder();
    }

    /**
     * The calls in GIL scopes that run past their deadline now (each has been, or is about to be, asked to stop; one
     * that stays here runs C code that does not return to the interpreter). Read without the GIL; cheap.
     */
    public List<PastDeadlineCall> callsPastDeadline() {
        ThreadStates current = main.states();
        if (current == null) {
            return List.of();
        }
        long now = System.nanoTime();
        List<PastDeadlineCall> late = new ArrayList<>();
        for (ThreadContext context : current.liveContexts()) {
            long at = context.deadlineAt();
            Duration deadline = context.deadline();
            if (at != 0 && deadline != null && now - at >= 0 && context.inJavaScope()) {
                GilScopeInfo info = context.scopeInfo();
                late.add(new PastDeadlineCall(context.thread().getName(), info == null ? null : info.label(), deadline,
                        Duration.ofNanos(now - at), context.stopRequested() != ThreadContext.STOP_NONE));
            }
        }
        return late;
    }

    /** How many Python calls pyembed has stopped since start because their deadline passed. */
    public long callsStoppedAtDeadline() {
        CallWatcher calls = main.watcher();
        return calls == null ? 0 : calls.deadlineStops();
    }

    /** How many Python calls pyembed has stopped since start because their thread was interrupted. */
    public long callsStoppedByInterrupt() {
        CallWatcher calls = main.watcher();
        return calls == null ? 0 : calls.interruptStops();
    }

    /** Adds a listener for GIL waits and holds of Java scopes (e.g. the Micrometer binding). */
    public void addGilListener(GilListener listener) {
        monitor.add(Objects.requireNonNull(listener));
    }

    public void removeGilListener(GilListener listener) {
        monitor.remove(listener);
    }

    /** How long the engine has been RUNNING (zero when it is not). */
    public Duration uptime() {
        long started = startedAtNanos;
        return started == 0 || state != EngineState.RUNNING ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Every Python thread ({@code threading.enumerate()}) and every Java thread running Python code now, with its
     * Python stack. Takes the GIL for as long as it needs: see {@link #pythonThreads(Duration)} for a bounded wait.
     */
    public List<PythonThreadInfo> pythonThreads() {
        return withGil(null, SNAPSHOT_LABEL, gil -> {
            Map<Long, String> javaThreads = new HashMap<>(); // inside the scope: this thread's own ident is known now
            for (ThreadContext context : main.states().liveContexts()) {
                if (context.pythonIdent() != 0) {
                    javaThreads.put(context.pythonIdent(), context.thread().getName());
                }
            }
            List<PythonThreadInfo> threads = new ArrayList<>();
            for (Object item : main.bootstrap().describeThreads(gil.held())) {
                List<?> fields = (List<?>) item;
                long ident = (Long) fields.get(3);
                String javaThread = javaThreads.get(ident);
                String name = fields.get(0) != null ? (String) fields.get(0) : javaThread;
                threads.add(new PythonThreadInfo(name == null ? "thread " + ident : name, (Boolean) fields.get(1),
                        (String) fields.get(2), ident, javaThread));
            }
            return threads;
        });
    }

    /**
     * {@link #pythonThreads()}, giving up after {@code timeout} with a {@link GilTimeoutException} when the GIL
     * cannot be had: the snapshot is taken on a helper thread, so a caller (an Actuator request, a watchdog) never
     * waits longer than {@code timeout}, whoever holds the GIL. While a Java scope holds the GIL and runs Python
     * bytecode, CPython hands the GIL over at its switch interval, so the snapshot usually succeeds even then.
     */
    public List<PythonThreadInfo> pythonThreads(Duration timeout) {
        return onSnapshotThread(timeout, this::pythonThreads);
    }

    /** Runs {@code work} (which takes the GIL) on the snapshot thread; the caller waits at most {@code timeout}. */
    private <T> T onSnapshotThread(Duration timeout, Supplier<T> work) {
        CompletableFuture<T> snapshot = CompletableFuture.supplyAsync(work, snapshots());
        try {
            return snapshot.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            snapshot.cancel(false); // still queued: it will not run (a queued snapshot per caller would pile up)
            GilStatus status = gilStatus();
            throw new GilTimeoutException(timeout, status.holder().map(GilStatus.Holder::thread).orElse(null),
                    status.holder().map(GilStatus.Holder::heldFor).orElse(Duration.ZERO));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a snapshot of Python threads", e);
        }
    }

    /** Counters of the interpreter, read in a GIL scope bounded by {@code timeout} (see {@link #pythonThreads(Duration)}). */
    public PythonStats stats(Duration timeout) {
        return onSnapshotThread(timeout, () -> withGil(null, SNAPSHOT_LABEL, gil -> {
            List<?> values = (List<?>) main.bootstrap().call(gil.held(), "stats");
            @SuppressWarnings("unchecked")
            List<Long> collections = (List<Long>) values.get(1);
            return new PythonStats((Long) values.get(0), collections, (Long) values.get(2));
        }));
    }

    /** How many {@link PyObject}s Java holds now (made and not yet released). */
    public long liveObjects() {
        return liveObjects.sum();
    }

    void objectMade() {
        liveObjects.increment();
    }

    void objectReleased() {
        liveObjects.decrement();
    }

    private ExecutorService snapshots() {
        synchronized (stateLock) {
            if (snapshotWorker == null) {
                snapshotWorker = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "pyembed-snapshot");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return snapshotWorker;
        }
    }

    /** How many C-level thread states the interpreter has (for leak checks). */
    int threadStateCount() {
        return withGil(gil -> main.states().count(gil.held()));
    }

    /** The workers that run virtual threads' GIL work (made on first use); refuses once the engine stops. */
    private GilHandOff handOff() {
        if (state != EngineState.RUNNING) {
            throw refusal();
        }
        GilHandOff workers = handOff;
        if (workers == null) {
            synchronized (stateLock) {
                if (handOff == null) {
                    handOff = new GilHandOff(settings.gilWorkers, this::refusal, worker -> main.scopes().markHandOffWorker(worker));
                }
                workers = handOff;
            }
        }
        return workers;
    }

    /** How many platform threads run virtual threads' GIL work now (0 before the first such call). */
    int handOffThreads() {
        GilHandOff workers = handOff;
        return workers == null ? 0 : workers.threads();
    }

    // ---- for the classes of this package, and (through parts()) the machinery ----

    EngineParts parts() {
        return parts;
    }

    GilScopes scopes() {
        return main.scopes();
    }

    GilHeld requireGil() {
        GilScopes current = main.scopes();
        if (current == null || state == EngineState.STOPPED) {
            throw refusal();
        }
        return current.requireGil();
    }

    Conversions conversions() {
        return main.conversions();
    }

    CApi api() {
        return main.api();
    }

    LibPython libPython() {
        return main.libPython();
    }

    PythonOutput output() {
        return settings.output;
    }

    List<String> pythonPath() {
        return main.pythonPath();
    }

    Duration shutdownTimeout() {
        return settings.shutdownTimeout;
    }

    PythonErrors errors() {
        return main.errors();
    }

    Bootstrap bootstrap() {
        return main.bootstrap();
    }

    AsyncCalls asyncCalls() {
        return asyncCalls;
    }

    DeferredDecRefs decRefs() {
        return main.decRefs();
    }

    long mainDict() {
        return main.mainDict();
    }

    CodeCache codeCache() {
        return main.codeCache();
    }

    private IllegalStateException refusal() {
        return switch (state) {
            case NEW -> new IllegalStateException("the Python engine is not started; call start() first");
            case STARTING -> new IllegalStateException("the Python engine is still starting");
            case STOPPING -> new IllegalStateException("the Python engine is shutting down; no new GIL scopes are admitted");
            case STOPPED -> new IllegalStateException("the Python engine is closed; no Python calls are possible after close()");
            case FAILED -> new IllegalStateException("the Python engine failed to start: " + failure, failure);
            case RUNNING -> new IllegalStateException("the Python engine refused a GIL scope");
        };
    }

    private void claimProcess() {
        synchronized (PROCESS_LOCK) {
            if (active != null && active != this) {
                throw new PythonStartException("another PythonEngine is " + active.state() + " in this JVM; CPython has"
                        + " one main interpreter per process", "share one engine (in Spring: the PythonEngine bean), or close the other first");
            }
            active = this;
        }
    }

    private void releaseProcess() {
        synchronized (PROCESS_LOCK) {
            if (active == this) {
                active = null;
            }
        }
    }

    /** Engine settings. Every option has a default; {@code PythonEngine.builder().build().start()} works. */
    /** The engine's parts as the machinery sees them: each call reads the current one. */
    private final class Parts implements EngineParts {
        @Override
        public Conversions conversions() {
            return main.conversions();
        }

        @Override
        public Bootstrap bootstrap() {
            return main.bootstrap();
        }

        @Override
        public GilScopes scopes() {
            return main.scopes();
        }

        @Override
        public PythonErrors errors() {
            return main.errors();
        }

        @Override
        public CApi api() {
            return main.api();
        }

        @Override
        public LibPython libPython() {
            return main.libPython();
        }

        @Override
        public PythonOutput output() {
            return settings.output;
        }

        @Override
        public List<String> pythonPath() {
            return PythonEngine.this.pythonPath();
        }
    }

    public static final class Builder {
        private RuntimeSelection runtime = RuntimeSelection.AUTO;
        private Path library;
        private Path home;
        private Path venv;
        private Path cacheDirectory;
        private final List<String> pythonPath = new ArrayList<>();
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration javaCallerQueueMaxWait;
        private boolean finalizeOnClose = true;
        private boolean useEnvironment;
        private boolean shutdownHook = true;
        private PythonOutput output = PythonOutput.systemStreams();
        private PythonLogSink logSink;
        private int interpreters;
        private List<String> interpreterModules = List.of();
        private int logLevel = PythonLogSink.INFO;
        private NativeBackend nativeBackend;
        private boolean classPathPackages = true;
        private ClassLoader classLoader;
        private Duration callDeadline;
        private int gilWorkers = GilHandOff.defaultSize();

        private Builder() {
        }

        /**
         * Whether the Python packages shipped on the class path (jars with a
         * {@code META-INF/pyembed/python-packages.properties}, such as {@code dev.pyembed:pyembed-numpy}) are
         * extracted, checked against the runtime and put on {@code sys.path} (default true). A package compiled for
         * the embedded CPython makes start fail on any other runtime; turn this off to use the packages installed in
         * that Python instead.
         */
        public Builder classPathPackages(boolean enabled) {
            this.classPathPackages = enabled;
            return this;
        }

        /**
         * How many platform threads ({@code pyembed-gil-worker}) run the GIL work of virtual threads at once
         * (default: the number of cores, at least 2, at most 8). Virtual threads wait for them in a queue, unmounted.
         * A worker inside {@code allowThreads} or a GIL-releasing Java callback does not count (another one starts,
         * up to 64), so work that waits for other virtual threads' Python calls cannot deadlock the queue.
         */
        public Builder gilWorkers(int workers) {
            if (workers < 1 || workers > GilHandOff.MAX_THREADS) {
                throw new IllegalArgumentException("gilWorkers must be 1 to " + GilHandOff.MAX_THREADS + ", was " + workers);
            }
            this.gilWorkers = workers;
            return this;
        }

        /**
         * The class loader whose class path is searched for Python packages (default: the thread context class loader
         * when {@link #build()} runs, else the one that loaded pyembed).
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader);
            return this;
        }

        /**
         * The deadline of every Java GIL scope that sets none itself (default: none; {@code null} turns it off): past
         * it, the scope's Python code is stopped and the caller gets a {@link PythonTimeoutException}. See
         * {@link PythonEngine#acquireGil(Duration, String, Duration)}.
         */
        public Builder callDeadline(Duration deadline) {
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                throw new IllegalArgumentException("callDeadline(deadline): must be positive (or null for none), was " + deadline);
            }
            this.callDeadline = deadline;
            return this;
        }

        /**
         * How Java calls CPython (default: the system property {@value NativeBackend#PROPERTY}, else
         * {@link NativeBackend#AUTO}, which is FFM on Java 22+ and JNA before). The first engine of a JVM decides for
         * the process: a later engine that asks for the other backend fails to start; {@code AUTO} always fits.
         * Asking for {@link NativeBackend#FFM} on Java 17 to 21 fails to start with a {@link PythonStartException}.
         */
        public Builder nativeBackend(NativeBackend nativeBackend) {
            this.nativeBackend = Objects.requireNonNull(nativeBackend);
            return this;
        }

        NativeBackend nativeBackend() {
            if (nativeBackend != null) {
                return nativeBackend;
            }
            try {
                return NativeBackend.fromSystemProperty();
            } catch (IllegalArgumentException e) {
                throw new PythonStartException(e.getMessage(), "set -D" + NativeBackend.PROPERTY + " to auto, ffm or jna");
            }
        }

        /** Which CPython to load (default {@link RuntimeSelection#AUTO}). */
        public Builder runtime(RuntimeSelection runtime) {
            this.runtime = Objects.requireNonNull(runtime);
            return this;
        }

        /** An explicit libpython file (implies {@link RuntimeSelection#PATH}). */
        public Builder library(Path library) {
            this.library = library;
            return this;
        }

        /** The Python home for an explicit library (default: derived from the library's location). */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** A virtualenv: its base interpreter's libpython is loaded and its site-packages join sys.path. */
        public Builder venv(Path venv) {
            this.venv = venv;
            return this;
        }

        /** Where the embedded runtime is extracted (default {@code ~/.cache/pyembed}). */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
            return this;
        }

        /** Folders put in front of sys.path. */
        public Builder pythonPath(Path... entries) {
            for (Path entry : entries) {
                pythonPath.add(entry.toAbsolutePath().toString());
            }
            return this;
        }

        /**
         * How long {@link PythonEngine#close()} may take (default 10 s), shared by its steps: ending sub-interpreter
         * pools, waiting for open GIL scopes, then for non-daemon Python threads. Finalization then gets what is left
         * plus 1 s: close() returns within {@code shutdownTimeout} + 1 s. When it gives up (scopes still open,
         * non-daemon threads still running, or C code keeping the GIL), Python is left initialized, not finalized.
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout);
            return this;
        }

        /**
         * Puts a Java lock in front of the GIL for Java threads (off by default; {@code null} turns it off): at most
         * one Java thread at a time then waits for the GIL itself. With many Java threads making short Python calls
         * this keeps CPython from handing the GIL over (a futex wake-up and a context switch) on almost every scope:
         * measured on 2 cores, 8 such threads together keep 80-85 % of one thread's throughput with a 5 ms max wait
         * instead of ~50 % (bench/README.md). A thread waits at most {@code maxWait} in this queue, then goes to the
         * GIL directly: the queue's holder may be in Python code that released the GIL (I/O, {@code sleep},
         * {@code join}) and waits for it. Leave it off when Python code inside Java scopes blocks on I/O (every other
         * Java scope may then wait up to {@code maxWait} more), or when Python threads run CPU-bound code (Java scopes
         * then get the GIL one per switch interval). See {@link dev.pyembed.internal.gil.JavaCallerQueue}.
         */
        public Builder javaCallerQueue(Duration maxWait) {
            if (maxWait != null && (maxWait.isNegative() || maxWait.isZero())) {
                throw new IllegalArgumentException("javaCallerQueue(maxWait): maxWait must be positive (or null for off),"
                        + " was " + maxWait);
            }
            this.javaCallerQueueMaxWait = maxWait;
            return this;
        }

        /**
         * Whether close() runs {@code Py_FinalizeEx} (default true). With false, close() drains, takes the GIL
         * back, runs atexit handlers and stops: pythonnet's "let the process exit on its own", for C extensions
         * that do not survive finalization. Python can then not be started again in this process.
         */
        public Builder finalizeOnClose(boolean finalizeOnClose) {
            this.finalizeOnClose = finalizeOnClose;
            return this;
        }

        /** Whether PYTHONHOME, PYTHONPATH and the other PYTHON* variables apply (default false: ignored). */
        public Builder useEnvironment(boolean useEnvironment) {
            this.useEnvironment = useEnvironment;
            return this;
        }

        /** Whether a JVM shutdown hook closes the engine when the application did not (default true). */
        public Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        /** Where Python's stdout/stderr lines go (default System.out / System.err). */
        public Builder output(PythonOutput output) {
            this.output = Objects.requireNonNull(output);
            return this;
        }

        /**
         * Sends records of Python's {@code logging} module to {@code sink}: a handler on Python's root logger, whose
         * level is set to {@code rootLevel} (Python's default, WARNING, would drop INFO records before they reach
         * Java). Default: none (Python's logging prints to stderr, which goes to the {@link PythonOutput}).
         */
        public Builder logging(PythonLogSink sink, int rootLevel) {
            this.logSink = Objects.requireNonNull(sink);
            this.logLevel = rootLevel;
            return this;
        }

        /**
         * Starts a pool of {@code size} sub-interpreters with their own GIL at {@link #start()} (CPython 3.12+; on
         * older versions start fails naming the version needed), each importing {@code modules} first. The pool is
         * {@link PythonEngine#interpreters()}. Default: none.
         */
        public Builder interpreters(int size, List<String> modules) {
            if (size < 0) {
                throw new IllegalArgumentException("interpreters must be 0 (none) or more, not " + size);
            }
            this.interpreters = size;
            this.interpreterModules = List.copyOf(modules);
            return this;
        }

        public PythonEngine build() {
            Builder copy = new Builder();
            copy.runtime = runtime;
            copy.library = library;
            copy.home = home;
            copy.venv = venv;
            copy.cacheDirectory = cacheDirectory;
            copy.pythonPath.addAll(pythonPath);
            copy.shutdownTimeout = shutdownTimeout;
            copy.javaCallerQueueMaxWait = javaCallerQueueMaxWait;
            copy.finalizeOnClose = finalizeOnClose;
            copy.useEnvironment = useEnvironment;
            copy.shutdownHook = shutdownHook;
            copy.output = output;
            copy.logSink = logSink;
            copy.interpreters = interpreters;
            copy.interpreterModules = interpreterModules;
            copy.logLevel = logLevel;
            copy.nativeBackend = nativeBackend;
            copy.classPathPackages = classPathPackages;
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            copy.classLoader = classLoader != null ? classLoader
                    : context != null ? context : PythonEngine.class.getClassLoader();
            copy.callDeadline = callDeadline;
            copy.gilWorkers = gilWorkers;
            return new PythonEngine(copy);
        }

        /** {@code build().start()}. */
        public PythonEngine start() {
            return build().start();
        }
    }
}
