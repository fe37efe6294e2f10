package dev.pyembed.spring.callback;

import dev.pyembed.PythonEngine;
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

    private final PythonEngine engine;
    private final ListableBeanFactory beanFactory;

    public PythonCallableRegistrar(PythonEngine engine, ListableBeanFactory beanFactory) {
        this.engine = Objects.requireNonNull(engine, "engine");
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
            engine.registerObject(pythonName, beanFactory.getBean(beanName), callable.releasesGil());
            if (logger.isDebugEnabled()) {
                logger.debug("pyembed: bean '" + beanName + "' is callable from Python as pyembed.java('" + pythonName
                        + "') (GIL " + (callable.releasesGil() ? "released" : "held") + " during calls)");
            }
        }
    }
}
