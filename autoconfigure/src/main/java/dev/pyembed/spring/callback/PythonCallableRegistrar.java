package dev.pyembed.spring.callback;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.engine.PythonEngineLease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Registers the {@link PythonCallable} beans with the engine ({@code engine.registerObject(name, bean, releasesGil)})
 * once all singletons exist: before the context's lifecycle starts the engine and runs the startup scripts.
 */
public class PythonCallableRegistrar implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(PythonCallableRegistrar.class);

    private final PythonEngineLease lease;
    private final ListableBeanFactory beanFactory;

    /** Registers with an engine of the application's own. */
    public PythonCallableRegistrar(PythonEngine engine, ListableBeanFactory beanFactory) {
        this(PythonEngineLease.own(engine), beanFactory);
    }

    /** Registers through the context's lease: the beans are withdrawn from Python when the context closes. */
    public PythonCallableRegistrar(PythonEngineLease lease, ListableBeanFactory beanFactory) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
    }

    /**
     * @throws IllegalStateException when two beans ask for the same Python name
     */
    @Override
    public void afterSingletonsInstantiated() {
        Map<String, String> beansByPythonName = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanNamesForAnnotation(PythonCallable.class)) {
            PythonCallable callable = beanFactory.findAnnotationOnBean(beanName, PythonCallable.class);
            if (callable == null) {
                continue;
            }
            String pythonName = callable.name().isBlank() ? beanName : callable.name().trim();
            String other = beansByPythonName.putIfAbsent(pythonName, beanName);
            if (other != null) {
                throw new IllegalStateException("beans '" + other + "' and '" + beanName + "' are both @PythonCallable as '"
                        + pythonName + "'; give one of them another @PythonCallable(name = ...)");
            }
            lease.registerObject(pythonName, beanFactory.getBean(beanName), callable.releasesGil());
            if (logger.isDebugEnabled()) {
                logger.debug("pyembed: bean '" + beanName + "' is callable from Python as pyembed.java('" + pythonName
                        + "') (GIL " + (callable.releasesGil() ? "released" : "held") + " during calls)");
            }
        }
    }
}
