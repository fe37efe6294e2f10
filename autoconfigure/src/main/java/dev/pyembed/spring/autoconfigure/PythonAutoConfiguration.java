package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonOutput;
import dev.pyembed.spring.callback.PythonCallableRegistrar;
import dev.pyembed.spring.gil.WithGilAspect;
import dev.pyembed.spring.logging.Slf4jPythonLogging;
import dev.pyembed.spring.logging.Slf4jPythonOutput;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * Auto-configures CPython for a Spring Boot application: a {@link PythonEngine} set up from {@code pyembed.*},
 * started and stopped with the context by {@link PythonEngineLifecycle}, Python's output to SLF4J, and the
 * {@code @WithGil} aspect when AspectJ is on the class path, and {@code @PythonCallable} beans registered for Python. Every bean backs off when the application defines
 * its own; {@code pyembed.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnClass(PythonEngine.class)
@ConditionalOnBooleanProperty(name = "pyembed.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PythonProperties.class)
public class PythonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonOutput pythonOutput(PythonProperties properties) {
        return new Slf4jPythonOutput(properties.getOutput().getStdoutLogger(), properties.getOutput().getStderrLogger());
    }

    @Bean
    @ConditionalOnMissingBean
    PythonPathResources pythonPathResources(ApplicationContext applicationContext) {
        return new PythonPathResources(applicationContext);
    }

    /** Built, not started: {@link PythonEngineLifecycle} starts it. The JVM shutdown hook is off: the context closes it. */
    @Bean
    @ConditionalOnMissingBean
    PythonEngine pythonEngine(PythonProperties properties, PythonOutput output, PythonPathResources pythonPathResources,
                              ObjectProvider<PythonEngineBuilderCustomizer> customizers) {
        PythonEngine.Builder builder = PythonEngine.builder()
                .runtime(properties.getRuntime())
                .library(properties.getLibrary())
                .home(properties.getHome())
                .venv(properties.getVenv())
                .cacheDirectory(properties.getCacheDirectory())
                .pythonPath(pythonPathResources.resolve(properties.getPythonPath()).toArray(Path[]::new))
                .shutdownTimeout(properties.getShutdownTimeout())
                .javaCallerQueue(properties.getGil().getJavaCallerQueue())
                .callDeadline(properties.getGil().getCallDeadline())
                .useEnvironment(properties.isUseEnvironment())
                .nativeBackend(properties.getNativeBackend())
                .shutdownHook(false)
                .interpreters(properties.getInterpreters().getSize(), properties.getInterpreters().getModules())
                .output(output);
        if (properties.getLogging().isEnabled()) {
            builder.logging(new Slf4jPythonLogging(), Slf4jPythonLogging.level(properties.getLogging().getLevel()));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    PythonEngineLifecycle pythonEngineLifecycle(PythonEngine pythonEngine, PythonProperties properties,
                                                ApplicationContext applicationContext) {
        PythonStartupTasks tasks = new PythonStartupTasks(properties.getModules(), properties.getScripts(), applicationContext);
        return new PythonEngineLifecycle(pythonEngine, tasks, !properties.isLazyStart());
    }

    @Bean
    @ConditionalOnMissingBean
    PythonCallableRegistrar pythonCallableRegistrar(PythonEngine pythonEngine, ListableBeanFactory beanFactory) {
        return new PythonCallableRegistrar(pythonEngine, beanFactory);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.aspectj.weaver.Advice")
    static class WithGilConfiguration {

        @Bean
        @ConditionalOnMissingBean
        WithGilAspect withGilAspect(PythonEngineLifecycle pythonEngineLifecycle, PythonProperties properties) {
            return new WithGilAspect(pythonEngineLifecycle::ensureStarted, properties.getGil().getAcquireTimeout(),
                    properties.getGil().getAspectOrder());
        }
    }
}
