package dev.pyembed.spring.module;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.beans.Introspector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers a {@link PythonModuleFactoryBean} per {@link PythonModule} interface found in the packages of
 * {@link EnablePythonModules}. Its {@link AutoConfigured} variant, imported by pyembed's auto-configuration, scans
 * Boot's auto-configuration packages instead, unless an {@code @EnablePythonModules} ran first (user configuration is
 * processed before auto-configuration).
 */
public class PythonModulesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

    /** The bean that says an {@code @EnablePythonModules} chose the packages. */
    static final String EXPLICIT = PythonModulesRegistrar.class.getName() + ".explicit";

    private Environment environment;
    private ResourceLoader resourceLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        AnnotationAttributes attributes = AnnotationAttributes.fromMap(
                metadata.getAnnotationAttributes(EnablePythonModules.class.getName()));
        Set<String> packages = new LinkedHashSet<>();
        if (attributes != null) {
            packages.addAll(List.of(attributes.getStringArray("value")));
            packages.addAll(List.of(attributes.getStringArray("basePackages")));
            for (Class<?> type : attributes.getClassArray("basePackageClasses")) {
                packages.add(ClassUtils.getPackageName(type));
            }
        }
        if (packages.isEmpty()) {
            packages.add(ClassUtils.getPackageName(metadata.getClassName()));
        }
        if (!registry.containsBeanDefinition(EXPLICIT)) {
            RootBeanDefinition marker = new RootBeanDefinition(Marker.class);
            marker.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(EXPLICIT, marker);
        }
        register(registry, packages, environment, resourceLoader);
    }

    static void register(BeanDefinitionRegistry registry, Iterable<String> packages, Environment environment,
                         ResourceLoader resourceLoader) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
                environment) {
            @Override
            protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(PythonModule.class, false, true));
        if (resourceLoader != null) {
            scanner.setResourceLoader(resourceLoader);
        }
        ClassLoader classLoader = resourceLoader != null ? resourceLoader.getClassLoader() : ClassUtils.getDefaultClassLoader();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                Class<?> moduleInterface = ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader);
                if (alreadyRegistered(registry, moduleInterface)) {
                    continue;
                }
                RootBeanDefinition definition = new RootBeanDefinition(PythonModuleFactoryBean.class);
                definition.getConstructorArgumentValues().addIndexedArgumentValue(0, moduleInterface);
                definition.setTargetType(ResolvableType.forClassWithGenerics(PythonModuleFactoryBean.class, moduleInterface));
                definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, moduleInterface);
                definition.setResourceDescription("@PythonModule interface " + moduleInterface.getName());
                String name = Introspector.decapitalize(moduleInterface.getSimpleName());
                if (registry.containsBeanDefinition(name)) {
                    name = moduleInterface.getName();
                }
                registry.registerBeanDefinition(name, definition);
            }
        }
    }

    private static boolean alreadyRegistered(BeanDefinitionRegistry registry, Class<?> moduleInterface) {
        for (String name : registry.getBeanDefinitionNames()) {
            if (moduleInterface.equals(registry.getBeanDefinition(name).getAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE))
                    && PythonModuleFactoryBean.class.getName().equals(registry.getBeanDefinition(name).getBeanClassName())) {
                return true;
            }
        }
        return false;
    }

    /** The bean registered by {@code @EnablePythonModules}: turns the auto-configured scan off. */
    public static final class Marker {
    }

    /** Scans Boot's auto-configuration packages (those of {@code @SpringBootApplication}) unless {@code @EnablePythonModules} is used. */
    public static class AutoConfigured implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware,
            ResourceLoaderAware {

        private BeanFactory beanFactory;
        private Environment environment;
        private ResourceLoader resourceLoader;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void setResourceLoader(ResourceLoader resourceLoader) {
            this.resourceLoader = resourceLoader;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(EXPLICIT) || !AutoConfigurationPackages.has(beanFactory)) {
                return;
            }
            register(registry, new ArrayList<>(AutoConfigurationPackages.get(beanFactory)), environment, resourceLoader);
        }
    }
}
