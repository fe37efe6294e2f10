package dev.pyembed.internal.engine;

import dev.pyembed.NativeBackend;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonLogSink;
import dev.pyembed.PythonOutput;
import dev.pyembed.PythonPackage;
import dev.pyembed.PythonRuntime;
import dev.pyembed.PythonStartException;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.InitSettings;
import dev.pyembed.internal.capi.LibPython;
import dev.pyembed.internal.capi.PreloadedLibraries;
import dev.pyembed.internal.capi.ThreadSwitchApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.gil.DeferredDecRefs;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.GilMonitor;
import dev.pyembed.internal.gil.GilScopes;
import dev.pyembed.internal.gil.JavaCallerQueue;
import dev.pyembed.internal.gil.ScopeGate;
import dev.pyembed.internal.gil.ThreadStates;
import dev.pyembed.internal.runtime.ClassPathPackages;
import dev.pyembed.internal.runtime.RuntimeLocator;
import dev.pyembed.internal.runtime.RuntimeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The main interpreter of a {@link PythonEngine}: what starting it makes (libpython, the conversions, the bootstrap,
 * the thread states, the GIL scopes and their gate, the call watcher) and the steps that start and end it. Both run on
 * {@code pyembed-lifecycle}, the thread that initializes CPython and finalizes it; the parts written by
 * {@link #start} are read by other threads only after the engine publishes its running state (a volatile write).
 */
public final class MainInterpreter {

    private static final Logger log = LoggerFactory.getLogger(PythonEngine.class); // the engine's log, as before

    /** What the engine's builder says about starting and ending the main interpreter. */
    public record Settings(RuntimeRequest runtime, boolean classPathPackages, ClassLoader classLoader,
                           Supplier<NativeBackend> nativeBackend, boolean useEnvironment, PythonOutput output,
                           PythonLogSink logSink, int logLevel, Duration javaCallerQueueMaxWait, List<String> pythonPath,
                           Duration shutdownTimeout, boolean finalizeOnClose) {
    }

    private final Settings settings;
    private final CodeCache codeCache = new CodeCache();
    // Written on the lifecycle thread during start(); published to other threads by the engine's volatile state write.
    private PythonRuntime runtime;
    private List<PythonPackage> packages = List.of();
    private CApi api;
    private ThreadSwitchApi switches;
    private LibPython libPython;
    private ThreadStates states;
    private DeferredDecRefs decRefs;
    private ScopeGate gate;
    private volatile GilScopes scopes; // read before start completes by requireGil()/refusals: volatile
    private volatile CallWatcher watcher;
    private Conversions conversions;
    private PythonErrors errors;
    private Bootstrap bootstrap;
    private long mainDict;
    private long mainThreadState; // owned by the lifecycle thread

    public MainInterpreter(Settings settings) {
        this.settings = settings;
    }

    /**
     * Initializes CPython, on {@code pyembed-lifecycle}: locates and loads libpython, runs the bootstrap, makes the GIL
     * scopes and the call watcher, then releases the GIL (pythonnet's {@code BeginAllowThreads}). Throws
     * {@link PythonStartException} when it cannot; nothing half-started is left running.
     */
    public void start(PythonEngine engine, Callbacks callbacks, GilMonitor monitor, Supplier<RuntimeException> refusal) {
        runtime = RuntimeLocator.locate(settings.runtime());
        if (!runtime.version().isSupported()) {
            throw new PythonStartException("CPython " + runtime.version() + " is not supported",
                    "use CPython 3.10 to 3.14 (pyembed.runtime=embedded gives 3.14)");
        }
        if (settings.classPathPackages()) {
            packages = ClassPathPackages.prepare(settings.classLoader(), runtime, settings.runtime().cacheDirectory());
        }
        libPython = LibPython.load(runtime.library(), runtime.version(), settings.nativeBackend().get());
        runtime = runtime.withNativeBackend(libPython.backend());
        preloadNativeLibraries(packages);
        api = libPython.api();
        switches = libPython.threadSwitches();
        if (switches.Py_IsInitialized() != 0) {
            throw new PythonStartException("CPython is still initialized in this process: an earlier engine could not"
                    + " finalize it (see its shutdown warning)", "restart the JVM to start a new engine");
        }
        libPython.initialize(new InitSettings(runtime.home(), runtime.executable(), settings.useEnvironment()));
        GilHeld gil = GilHeld.forInitializingThread(api);
        try {
            decRefs = new DeferredDecRefs();
            errors = new PythonErrors(callbacks);
            conversions = new Conversions(engine, errors, api, callbacks);
            mainDict = gil.api().PyModule_GetDict(conversions.checked(gil, gil.api().PyImport_AddModule(Utf8.cString("__main__"))));
            bootstrap = Bootstrap.run(gil, conversions, errors, settings.output(), runtime, pythonPath());
            if (settings.logSink() != null) {
                bootstrap.installLogging(gil, settings.logSink(), settings.logLevel());
            }
            conversions.bootstrap(gil, bootstrap);
            states = new ThreadStates(api, switches, gil.api().PyInterpreterState_Main());
            gate = new ScopeGate(refusal);
            ApiAccess access = ApiAccess.get();
            GilScopes.Opener opener = (context, depth, reacquired) -> access.newGil(engine, context, depth, reacquired);
            scopes = new GilScopes(opener, switches, states, gate, decRefs, monitor,
                    settings.javaCallerQueueMaxWait() == null ? null : new JavaCallerQueue(settings.javaCallerQueueMaxWait()));
            callbacks.start(gil, bootstrap);
            watcher = new CallWatcher(engine, states, gate::inFlight);
            watcher.warmUp(gil);
            gate.onFirstEntry(watcher::wake);
            watcher.start();
        } catch (RuntimeException | Error e) {
            gil.api().Py_FinalizeEx(); // nothing half-started is left running
            throw e;
        }
        mainThreadState = switches.PyEval_SaveThread(); // BeginAllowThreads: the GIL is free from now on
    }

    /** The packages' native libraries, in order, before Python can import what needs them. */
    private static void preloadNativeLibraries(List<PythonPackage> packages) {
        for (PythonPackage pkg : packages) {
            for (Path library : pkg.nativeLibraries()) {
                try {
                    PreloadedLibraries.loadGlobal(library);
                } catch (UnsatisfiedLinkError e) {
                    throw new PythonStartException("cannot load " + library + ", a native library of the Python package "
                            + pkg + " (" + pkg.source() + "): " + e.getMessage(), "check that the package is built for"
                            + " this platform, or delete " + pkg.path().getParent() + " so that it is extracted again", e);
                }
            }
        }
    }

    /** The class path packages first, then the application's own folders. */
    public List<String> pythonPath() {
        List<String> path = new ArrayList<>();
        packages.forEach(pkg -> path.add(pkg.path().toString()));
        path.addAll(settings.pythonPath());
        return path;
    }

    /**
     * Ends CPython, on {@code pyembed-lifecycle}, bounded by {@code deadline} ({@link System#nanoTime()}): no new GIL
     * scopes and a wait for those in flight, the GIL taken back ({@code EndAllowThreads}), a wait for non-daemon
     * Python threads, then {@code Py_FinalizeEx}. Each step that cannot finish in time leaves Python initialized
     * rather than risk the JVM, and says so in the log. {@code closeAbandoned}: close() stopped waiting.
     */
    public void shutdown(long deadline, BooleanSupplier closeAbandoned) {
        try {
            if (!gate.closeAndDrain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                log.warn("pyembed: {} GIL scope(s) still open after {}; Python is left initialized (not finalized) "
                        + "so that they cannot crash the JVM", gate.inFlight(), settings.shutdownTimeout());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        switches.PyEval_RestoreThread(mainThreadState); // EndAllowThreads, on the thread that initialized
        if (closeAbandoned.getAsBoolean()) { // the GIL came free after close() returned: leave Python as close() said
            mainThreadState = switches.PyEval_SaveThread();
            return;
        }
        GilHeld gil = GilHeld.forInitializingThread(api);
        dropPendingInterrupt(gil);
        double seconds = Math.max(0, deadline - System.nanoTime()) / 1e9;
        List<?> running = bootstrap.joinNonDaemonThreads(gil, seconds);
        if (!running.isEmpty()) {
            StringBuilder stacks = new StringBuilder();
            for (Object thread : running) {
                List<?> fields = (List<?>) thread;
                stacks.append("\n  Python thread '").append(fields.get(0)).append("':\n").append(fields.get(2));
            }
            log.warn("pyembed: {} non-daemon Python thread(s) still running after {}; Py_FinalizeEx is skipped so that "
                    + "the process can exit:{}", running.size(), settings.shutdownTimeout(), stacks);
            bootstrap.flushStreams(gil);
            mainThreadState = switches.PyEval_SaveThread();
            return;
        }
        if (!settings.finalizeOnClose()) {
            bootstrap.runAtexit(gil);
            bootstrap.flushStreams(gil);
            mainThreadState = switches.PyEval_SaveThread();
            log.info("pyembed: Python stopped without finalization (finalizeOnClose=false)");
            return;
        }
        codeCache.clear(gil);
        decRefs.drain(gil);
        bootstrap.flushStreams(gil);
        decRefs.close();
        states.close();
        dropPendingInterrupt(gil);
        if (gil.api().Py_FinalizeEx() != 0) {
            log.warn("pyembed: Py_FinalizeEx reported an error (buffered data could not be flushed)");
        }
        log.info("pyembed: Python finalized on {}", Thread.currentThread().getName());
    }

    /**
     * A SIGINT marked pending for Python's main thread (C code calling {@code PyErr_SetInterrupt}) waits for this
     * thread, which runs Python only now: Python has no handler of its own (the JVM owns SIGINT), so it would only
     * log "Signal 2 ignored due to race condition". Dropped before the shutdown runs Python code, and before finalizing.
     */
    private static void dropPendingInterrupt(GilHeld gil) {
        if (gil.api().PyOS_InterruptOccurred() != 0) {
            log.debug("pyembed: a SIGINT pending for Python's main thread was dropped at close");
        }
    }

    public PythonRuntime runtime() {
        return runtime;
    }

    public List<PythonPackage> packages() {
        return packages;
    }

    /** The raw C API: only for calls whose GIL rule the caller checks itself (see {@code internal.capi}). */
    public CApi api() {
        return api;
    }

    public LibPython libPython() {
        return libPython;
    }

    public ThreadStates states() {
        return states;
    }

    public DeferredDecRefs decRefs() {
        return decRefs;
    }

    public ScopeGate gate() {
        return gate;
    }

    public GilScopes scopes() {
        return scopes;
    }

    public CallWatcher watcher() {
        return watcher;
    }

    public Conversions conversions() {
        return conversions;
    }

    public PythonErrors errors() {
        return errors;
    }

    public Bootstrap bootstrap() {
        return bootstrap;
    }

    /** {@code __main__.__dict__}, borrowed: valid until the interpreter is finalized. */
    public long mainDict() {
        return mainDict;
    }

    public CodeCache codeCache() {
        return codeCache;
    }
}
