package dev.pyembed.spring.autoconfigure;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
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
 * <p>An engine that the application started itself (its own {@code PythonEngine} bean, already RUNNING) is not
 * started again; the startup tasks run on it all the same, once.
 */
public class PythonEngineLifecycle implements SmartLifecycle {

    /** {@code SmartLifecycle.DEFAULT_PHASE - 4096}: starts before the web server, stops after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final PythonEngine engine;
    private final PythonStartupTasks startupTasks;
    private final boolean autoStartup;
    private final Object lock = new Object();
    private volatile boolean started;

    public PythonEngineLifecycle(PythonEngine engine, PythonStartupTasks startupTasks, boolean autoStartup) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.startupTasks = Objects.requireNonNull(startupTasks, "startupTasks");
        this.autoStartup = autoStartup;
    }

    @Override
    public void start() {
        ensureStarted();
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
                        startupTasks.run(engine);
                    } catch (RuntimeException | Error e) {
                        engine.close();
                        throw e;
                    }
                }
                started = true;
            }
        }
        return engine;
    }

    /** Shuts Python down (bounded by {@code pyembed.shutdown-timeout}); GIL scopes in flight finish first. */
    @Override
    public void stop() {
        engine.close();
    }

    @Override
    public boolean isRunning() {
        return engine.state() == EngineState.RUNNING;
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
}
