package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.PythonOutput;
import dev.pyembed.RuntimeSelection;
import dev.pyembed.spring.callback.PythonCallableRegistrar;
import dev.pyembed.spring.engine.PythonEngineLease;
import dev.pyembed.spring.engine.PythonEngineLifecycle;
import dev.pyembed.spring.engine.PythonEngineRegistry;
import dev.pyembed.spring.engine.PythonEngineSettings;
import dev.pyembed.spring.engine.PythonPathResources;
import dev.pyembed.spring.engine.PythonStartupTasks;
import dev.pyembed.spring.gil.WithGilAspect;
import dev.pyembed.spring.logging.Slf4jPythonLogging;
import dev.pyembed.spring.logging.Slf4jPythonOutput;
import dev.pyembed.spring.module.PythonModules;
import dev.pyembed.spring.module.PythonModulesRegistrar;
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
import org.springframework.context.annotation.Import;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Auto-configures CPython for a Spring Boot application: a {@link PythonEngine} set up from {@code pyembed.*},
 * started and stopped with the context by {@link PythonEngineLifecycle}, Python's output to SLF4J, and the
 * {@code @WithGil} aspect when AspectJ is on the class path, {@code @PythonCallable} beans registered for Python, and
 * the {@code @PythonModule} interfaces of the application's packages as beans. Every bean backs off when the application defines
 * its own; {@code pyembed.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnClass(PythonEngine.class)
@ConditionalOnBooleanProperty(name = "pyembed.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PythonProperties.class)
public class PythonAutoConfiguration {

    /** Fails the start on a Spring Boot pyembed does not support, before anything else of pyembed is created. */
    PythonAutoConfiguration() {
        SupportedSpringBoot.check();
    }

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

    /**
     * This context's lease on the JVM's engine ({@link PythonEngineRegistry}): built from these properties by the
     * first context, shared by the others (whose engine settings must agree). Not started: {@link PythonEngineLifecycle}
     * starts it. The engine's JVM shutdown hook is off: the contexts close it, and the registry at JVM exit.
     */
    @Bean
    @ConditionalOnMissingBean({PythonEngineLease.class, PythonEngine.class})
    PythonEngineLease pythonEngineLease(PythonProperties properties, PythonOutput output,
                                        PythonPathResources pythonPathResources,
                                        ObjectProvider<PythonEngineBuilderCustomizer> customizers,
                                        ApplicationContext applicationContext) {
        List<Path> pythonPath = pythonPathResources.resolve(properties.getPythonPath());
        RuntimeSelection runtime = DefaultRuntime.of(properties, applicationContext.getClassLoader());
        return PythonEngineRegistry.shared().lease(describe(applicationContext), engineSettings(properties, runtime),
                pythonPath.stream().map(Path::toString).toList(), () -> {
                    PythonEngine.Builder builder = PythonEngine.builder()
                            .runtime(runtime)
                            .library(properties.getLibrary())
                            .home(properties.getHome())
                            .venv(properties.getVenv())
                            .cacheDirectory(properties.getCacheDirectory())
                            .classPathPackages(properties.getPackages().isEnabled())
                            .pythonPath(pythonPath.toArray(Path[]::new))
                            .shutdownTimeout(properties.getShutdownTimeout())
                            .javaCallerQueue(properties.getGil().getJavaCallerQueue())
                            .callDeadline(properties.getGil().getCallDeadline())
                            .useEnvironment(properties.isUseEnvironment())
                            .nativeBackend(properties.getNativeBackend())
                            .shutdownHook(false)
                            .interpreters(properties.getInterpreters().getSize(), properties.getInterpreters().getModules())
                            .output(output);
                    if (applicationContext.getClassLoader() != null) {
                        builder.classLoader(applicationContext.getClassLoader()); // the application's class path (also under DevTools)
                    }
                    if (properties.getLogging().isEnabled()) {
                        builder.logging(new Slf4jPythonLogging(), Slf4jPythonLogging.level(properties.getLogging().getLevel()));
                    }
                    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
                    return builder.build();
                });
    }

    /** The lease's engine; the lease, not the bean's destruction, closes it. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    PythonEngine pythonEngine(PythonEngineLease pythonEngineLease) {
        return pythonEngineLease.engine();
    }

    @Bean
    @ConditionalOnMissingBean
    PythonEngineLifecycle pythonEngineLifecycle(ObjectProvider<PythonEngineLease> lease, PythonEngine pythonEngine,
                                                PythonProperties properties, ApplicationContext applicationContext) {
        PythonStartupTasks tasks = new PythonStartupTasks(properties.getModules(), properties.getScripts(), applicationContext);
        return new PythonEngineLifecycle(lease.getIfAvailable(() -> PythonEngineLease.own(pythonEngine)), tasks,
                !properties.isLazyStart(), applicationContext);
    }

    @Bean
    @ConditionalOnMissingBean
    PythonCallableRegistrar pythonCallableRegistrar(PythonEngineLifecycle pythonEngineLifecycle,
                                                    ListableBeanFactory beanFactory) {
        return new PythonCallableRegistrar(pythonEngineLifecycle.getLease(), beanFactory);
    }

    /** Makes the {@code @PythonModule} proxies and checks them at start (or at their first call with a lazy start). */
    @Bean
    @ConditionalOnMissingBean
    PythonModules pythonModules(PythonEngineLifecycle pythonEngineLifecycle, PythonProperties properties) {
        return new PythonModules(pythonEngineLifecycle::ensureStarted, properties.getGil().getAcquireTimeout(),
                !properties.isLazyStart());
    }

    /** {@code @PythonModule} interfaces of the {@code @SpringBootApplication} packages, unless {@code @EnablePythonModules} is used. */
    @Configuration(proxyBeanMethods = false)
    @Import(PythonModulesRegistrar.AutoConfigured.class)
    static class PythonModulesConfiguration {
    }

    private static String describe(ApplicationContext context) {
        return "application context '" + context.getId() + "' (" + context.getDisplayName() + ")";
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

    /** The engine-building values of {@code properties}, with the runtime it comes to ({@link DefaultRuntime}). */
    private static PythonEngineSettings engineSettings(PythonProperties properties, RuntimeSelection runtime) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("pyembed.runtime", lowerCase(runtime));
        values.put("pyembed.library", String.valueOf(properties.getLibrary()));
        values.put("pyembed.home", String.valueOf(properties.getHome()));
        values.put("pyembed.venv", String.valueOf(properties.getVenv()));
        values.put("pyembed.cache-directory", String.valueOf(properties.getCacheDirectory()));
        values.put("pyembed.packages.enabled", String.valueOf(properties.getPackages().isEnabled()));
        values.put("pyembed.use-environment", String.valueOf(properties.isUseEnvironment()));
        values.put("pyembed.native-backend", lowerCase(properties.getNativeBackend()));
        values.put("pyembed.shutdown-timeout", String.valueOf(properties.getShutdownTimeout()));
        values.put("pyembed.gil.java-caller-queue", String.valueOf(properties.getGil().getJavaCallerQueue()));
        values.put("pyembed.gil.call-deadline", String.valueOf(properties.getGil().getCallDeadline()));
        values.put("pyembed.interpreters.size", String.valueOf(properties.getInterpreters().getSize()));
        values.put("pyembed.interpreters.modules", String.valueOf(properties.getInterpreters().getModules()));
        values.put("pyembed.logging.enabled", String.valueOf(properties.getLogging().isEnabled()));
        values.put("pyembed.logging.level", String.valueOf(properties.getLogging().getLevel()));
        values.put("pyembed.output.stdout-logger", String.valueOf(properties.getOutput().getStdoutLogger()));
        values.put("pyembed.output.stderr-logger", String.valueOf(properties.getOutput().getStderrLogger()));
        return PythonEngineSettings.of(values);
    }

    private static String lowerCase(Enum<?> value) {
        return value == null ? "null" : value.name().toLowerCase(Locale.ROOT);
    }
}
