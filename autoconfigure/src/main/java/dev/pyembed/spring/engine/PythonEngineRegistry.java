package dev.pyembed.spring.engine;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonStartException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one {@link PythonEngine} of this JVM, shared by every application context that uses the auto-configured
 * engine. A JVM hosts one libpython and one running engine, while a test suite keeps several contexts alive at once
 * (Spring's test context cache) and an application context may be stopped and started again: so the engine is a
 * process-wide resource that each context {@linkplain #lease leases}.
 *
 * <ul>
 *   <li>The first lease builds the engine (from its context's settings); the others share it. A context whose
 *       {@linkplain PythonEngineSettings engine settings} differ from those the engine was built with fails to start,
 *       naming both contexts and every differing property.</li>
 *   <li>The engine is closed (Python finalized) when the last lease ends, that is when the last context using it
 *       closes, and at JVM exit (a Spring Boot shutdown handler, which runs after the contexts were closed).</li>
 *   <li>What a context gives Python is released with its lease: its {@code @PythonCallable} beans (a name that two
 *       contexts register goes to the one that started last; when it closes, the other one's bean is Python's again)
 *       and its {@code pyembed.python-path} folders (removed from {@code sys.path} when no other context uses them).</li>
 * </ul>
 */
public final class PythonEngineRegistry {

    private static final Log logger = LogFactory.getLog(PythonEngineRegistry.class);
    private static final PythonEngineRegistry SHARED = new PythonEngineRegistry();

    private final Object lock = new Object();
    private PythonEngine engine; // guarded by lock
    private PythonEngineSettings settings; // guarded by lock
    private String owner; // guarded by lock: the context that built the engine
    private final Set<PythonEngineLease> leases = new LinkedHashSet<>(); // guarded by lock
    private final Map<String, Deque<Callable>> callables = new HashMap<>(); // guarded by lock: top = Python's
    private final Map<String, Integer> pythonPathUses = new HashMap<>(); // guarded by lock
    private boolean exitHandlerAdded; // guarded by lock

    PythonEngineRegistry() {
    }

    /** The registry of this JVM (of the class loader that loaded pyembed). */
    public static PythonEngineRegistry shared() {
        return SHARED;
    }

    private record Callable(PythonEngineLease lease, Object target, boolean releasesGil) {
    }

    /**
     * A lease on the engine for the context {@code owner}: the running engine when its settings are the same, else a
     * new one from {@code factory} (not started: the context's lifecycle starts it). {@code pythonPath} are the
     * context's {@code pyembed.python-path} folders: those of the context that builds the engine are in its builder,
     * the others join {@code sys.path} when their context starts ({@link PythonEngineLease#joinPythonPath()}).
     *
     * @throws PythonStartException when the engine in use was built with other settings, naming both contexts
     */
    public PythonEngineLease lease(String owner, PythonEngineSettings settings, List<String> pythonPath,
                                   Supplier<PythonEngine> factory) {
        synchronized (lock) {
            boolean reusable = engine != null && engine.state() != EngineState.STOPPED
                    && engine.state() != EngineState.FAILED;
            boolean created = false;
            if (reusable) {
                List<String> differences = this.settings.differences(settings);
                if (!differences.isEmpty()) {
                    throw new PythonStartException("the Python engine of this JVM was built by another application"
                            + " context with other settings (one JVM runs one CPython):\n    engine built by " + this.owner
                            + "\n    asked for by      " + owner + "\n    " + String.join("\n    ", differences),
                            "give both contexts the same values for these properties (e.g. in a shared"
                            + " application.properties), or close the other context first (in a test suite:"
                            + " @DirtiesContext on the test classes that use it)");
                }
            } else {
                engine = factory.get();
                this.settings = settings;
                this.owner = owner;
                created = true;
                callables.clear();
                pythonPathUses.clear();
                addExitHandler();
            }
            PythonEngineLease lease = new PythonEngineLease(this, engine, owner, created, pythonPath);
            leases.add(lease);
            return lease;
        }
    }

    private void addExitHandler() {
        if (!exitHandlerAdded) {
            exitHandlerAdded = true;
            SpringApplication.getShutdownHandlers().add(this::closeAtExit);
        }
    }

    /** At JVM exit, after Spring Boot closed the contexts: whatever still runs is shut down (bounded). */
    private void closeAtExit() {
        PythonEngine running;
        synchronized (lock) {
            running = engine;
            leases.clear();
        }
        if (running != null) {
            running.close();
        }
    }

    // ---- what a lease gives Python ----

    void registerObject(PythonEngineLease lease, String name, Object target, boolean releasesGil) {
        synchronized (lock) {
            if (!leases.contains(lease)) {
                throw new IllegalStateException("the lease of " + lease.owner() + " has ended");
            }
            Deque<Callable> stack = callables.computeIfAbsent(name, ignored -> new ArrayDeque<>());
            stack.removeIf(callable -> callable.lease == lease);
            stack.push(new Callable(lease, target, releasesGil));
            lease.engine().registerObject(name, target, releasesGil);
        }
    }

    /** Makes the lease's callables Python's again (its context started again after another one took the names). */
    void activate(PythonEngineLease lease) {
        synchronized (lock) {
            for (Map.Entry<String, Deque<Callable>> entry : callables.entrySet()) {
                Deque<Callable> stack = entry.getValue();
                Callable top = stack.peek();
                if (top == null || top.lease == lease) {
                    continue;
                }
                for (Iterator<Callable> it = stack.iterator(); it.hasNext(); ) {
                    Callable callable = it.next();
                    if (callable.lease == lease) {
                        it.remove();
                        stack.push(callable);
                        lease.engine().registerObject(entry.getKey(), callable.target, callable.releasesGil);
                        break;
                    }
                }
            }
        }
    }

    /** Counts the lease's python-path folders; returns those the engine's {@code sys.path} does not have yet. */
    List<String> usePythonPath(PythonEngineLease lease) {
        synchronized (lock) {
            List<String> added = new ArrayList<>();
            for (String folder : lease.pythonPath()) {
                if (pythonPathUses.merge(folder, 1, Integer::sum) == 1 && !lease.created()) {
                    added.add(folder);
                }
            }
            return added;
        }
    }

    /**
     * Ends a lease: its callables are withdrawn (another context's bean of the same name is Python's again), its
     * python-path folders that no other lease uses leave {@code sys.path}; the last lease closes the engine.
     */
    void release(PythonEngineLease lease) {
        PythonEngine toClose = null;
        synchronized (lock) {
            if (!leases.remove(lease)) {
                return;
            }
            if (lease.engine() != engine) {
                return; // an engine that was already replaced (it stopped or failed): nothing of it is shared
            }
            if (leases.isEmpty()) {
                toClose = engine;
                engine = null;
                callables.clear();
                pythonPathUses.clear();
            } else {
                withdrawCallables(lease);
                if (lease.pythonPathJoined()) {
                    withdrawPythonPath(lease, lease.pythonPath());
                }
            }
        }
        if (toClose != null) {
            if (logger.isDebugEnabled()) {
                logger.debug("pyembed: the last context using the Python engine (" + lease.owner() + ") closes it");
            }
            toClose.close();
        }
    }

    private void withdrawCallables(PythonEngineLease lease) {
        for (Iterator<Map.Entry<String, Deque<Callable>>> it = callables.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deque<Callable>> entry = it.next();
            Deque<Callable> stack = entry.getValue();
            Callable top = stack.peek();
            stack.removeIf(callable -> callable.lease == lease);
            if (top == null || top.lease != lease) {
                continue;
            }
            Callable next = stack.peek();
            if (next == null) {
                it.remove();
                lease.engine().unregister(entry.getKey());
            } else {
                lease.engine().registerObject(entry.getKey(), next.target, next.releasesGil);
            }
        }
    }

    private void withdrawPythonPath(PythonEngineLease lease, List<String> pythonPath) {
        List<String> unused = new ArrayList<>();
        for (String folder : pythonPath) {
            Integer uses = pythonPathUses.computeIfPresent(folder, (ignored, count) -> count == 1 ? null : count - 1);
            if (uses == null) {
                unused.add(folder);
            }
        }
        if (!unused.isEmpty() && lease.engine().state() == EngineState.RUNNING) {
            lease.engine().runWithGil(gil -> PythonEngineLease.sysPath(gil, path -> {
                for (String folder : unused) {
                    while (((Long) path.callMethod("count", folder)) > 0) {
                        path.callMethod("remove", folder);
                    }
                }
            }));
        }
    }

    /** How many contexts lease the engine now (for tests and diagnostics). */
    public int leaseCount() {
        synchronized (lock) {
            return leases.size();
        }
    }
}
