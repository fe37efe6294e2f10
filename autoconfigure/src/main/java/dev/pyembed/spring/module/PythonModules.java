package dev.pyembed.spring.module;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.engine.PythonEngineLifecycle;
import org.springframework.context.SmartLifecycle;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Makes the {@link PythonModule} proxies and checks them against their Python modules once the engine runs: at
 * {@link #PHASE}, right after {@link PythonEngineLifecycle} started the engine and ran the startup modules and
 * scripts, so a failed check fails the context's start. With {@code pyembed.lazy-start=true} each interface is
 * checked at its first call instead.
 */
public class PythonModules implements SmartLifecycle {

    /** Just after the engine's phase: Python runs, the web server does not take requests yet. */
    public static final int PHASE = PythonEngineLifecycle.PHASE + 1;

    private final Supplier<PythonEngine> engine;
    private final Duration defaultTimeout;
    private final boolean checkAtStart;
    private final List<PythonModuleProxy> proxies = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    /**
     * @param engine         the engine, started if it is not yet (lazy start)
     * @param defaultTimeout the GIL wait limit of calls whose {@code @WithGil} sets none; {@code null}: no limit
     * @param checkAtStart   whether {@link #start()} checks the interfaces (false with a lazily started engine)
     */
    public PythonModules(Supplier<PythonEngine> engine, Duration defaultTimeout, boolean checkAtStart) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.defaultTimeout = defaultTimeout;
        this.checkAtStart = checkAtStart;
    }

    /**
     * A proxy of {@code moduleInterface} calling its Python module.
     *
     * @throws PythonModuleException when the interface has no {@code @PythonModule} or declares a type without a conversion
     */
    public <T> T create(Class<T> moduleInterface) {
        if (!moduleInterface.isInterface()) {
            throw new IllegalArgumentException(moduleInterface.getName() + " is not an interface: @PythonModule goes on interfaces");
        }
        PythonModuleProxy handler = new PythonModuleProxy(moduleInterface, engine, defaultTimeout);
        proxies.add(handler);
        if (running) {
            handler.verify();
        }
        return moduleInterface.cast(Proxy.newProxyInstance(moduleInterface.getClassLoader(),
                new Class<?>[]{moduleInterface, PythonModuleBean.class}, handler));
    }

    /** Imports each interface's module and checks its functions; the first mismatch fails the start. */
    @Override
    public void start() {
        if (checkAtStart) {
            for (PythonModuleProxy proxy : proxies) {
                proxy.verify();
            }
            running = true;
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
