package dev.pyembed.spring.engine;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import java.util.Objects;

/**
 * Starts and stops the application's {@link PythonEngine} with the application context.
 *
 * <h2>Phase</h2>
 * {@link #PHASE} is {@code SmartLifecycle.DEFAULT_PHASE - 4096}, below both of Spring Boot's web server phases
 * (graceful shutdown at {@code DEFAULT_PHASE - 1024}, web server start/stop at {@code DEFAULT_PHASE - 2048}).
 * Lower phases start first and stop last, so:
 * <ul>
 *   <li>Python is running, with its startup modules imported and scripts run, before the web server takes its
 *       first request;</li>
 *   <li>on close, the web server first stops taking requests and drains those in flight
 *       ({@code server.shutdown=graceful}), then it stops, and only then is Python shut down (on
 *       {@code pyembed-lifecycle}, bounded by {@code pyembed.shutdown-timeout});</li>
 *   <li>all of this happens before singleton beans are destroyed, so the beans Python code calls back into are
 *       still alive while Python shuts down (atexit handlers included).</li>
 * </ul>
 * Other {@code SmartLifecycle} beans of the default phase (message listeners, schedulers) also stop before Python.
 *
 * <h2>Lazy start</h2>
 * With {@code pyembed.lazy-start=true} the context does not start the engine; {@link #ensureStarted()} does, on
 * the first {@code @WithGil} call or when the application calls it.
 *
 * <h2>Shared engine, stop and start</h2>
 * The engine is the JVM's (see {@link PythonEngineRegistry}): this lifecycle holds its context's
 * {@link PythonEngineLease}. Stopping the context ({@code context.stop()}, or Spring's test context cache pausing it)
 * leaves CPython running, so that starting it again finds Python as it was (a JVM can initialize CPython again
 * after finalizing it, but C extensions such as numpy cannot be loaded twice); starting it again makes its
 * {@code @PythonCallable} beans Python's again. Closing the context ends the lease: the last context to close shuts
 * Python down, at this phase. The startup tasks run once per context, when it first starts.
 *
 * <p>An engine that the application started itself (its own {@code PythonEngine} bean, already RUNNING) is not
 * started again; the startup tasks run on it all the same, once.
 */
public class PythonEngineLifecycle implements SmartLifecycle {

    /** {@code SmartLifecycle.DEFAULT_PHASE - 4096}: starts before the web server, stops after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final PythonEngineLease lease;
    private final PythonEngine engine;
    private final PythonStartupTasks startupTasks;
    private final boolean autoStartup;
    private final ApplicationContext context;
    private final Object lock = new Object();
    private volatile boolean started;
    private volatile boolean running;

    /** For an engine of the application's own: {@link #stop()} closes it. */
    public PythonEngineLifecycle(PythonEngine engine, PythonStartupTasks startupTasks, boolean autoStartup) {
        this(PythonEngineLease.own(engine), startupTasks, autoStartup, null);
    }

    /**
     * @param context the context whose lifecycle this is: {@link #stop()} ends the lease only when it closes (a
     *                {@code null} context: every stop ends it)
     */
    public PythonEngineLifecycle(PythonEngineLease lease, PythonStartupTasks startupTasks, boolean autoStartup,
                                 ApplicationContext context) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.engine = lease.engine();
        this.startupTasks = Objects.requireNonNull(startupTasks, "startupTasks");
        this.autoStartup = autoStartup;
        this.context = context;
    }

    @Override
    public void start() {
        ensureStarted();
        lease.activate();
        running = true;
    }

    /**
     * Starts the engine and runs the startup tasks, once; later calls return at once. Thread-safe.
     *
     * @return the engine, RUNNING (or STOPPING/STOPPED when the context is already closing)
     * @throws dev.pyembed.PythonStartException when CPython cannot start
     * @throws PythonStartupTaskException when a startup module or script fails (the engine is closed again)
     */
    public PythonEngine ensureStarted() {
        if (started) {
            return engine;
        }
        synchronized (lock) {
            if (!started) {
                if (engine.state() == EngineState.NEW) {
                    engine.start();
                }
                if (engine.state() == EngineState.RUNNING) {
                    try {
                        lease.joinPythonPath();
                        startupTasks.run(engine);
                    } catch (RuntimeException | Error e) {
                        lease.close(); // the engine is closed when no other context uses it
                        throw e;
                    }
                }
                started = true;
                running = true;
            }
        }
        return engine;
    }

    /**
     * When the context closes: ends the lease, and when it was the last one shuts Python down (bounded by
     * {@code pyembed.shutdown-timeout}; GIL scopes in flight finish first). A stop without close leaves Python
     * running.
     */
    @Override
    public void stop() {
        running = false;
        if (context == null || !(context instanceof ConfigurableApplicationContext configurable)
                || configurable.isClosed()) {
            lease.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running && engine.state() == EngineState.RUNNING;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public PythonEngine getEngine() {
        return engine;
    }

    /** This context's lease on the engine. */
    public PythonEngineLease getLease() {
        return lease;
    }
}
