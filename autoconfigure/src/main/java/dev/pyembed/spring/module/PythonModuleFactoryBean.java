package dev.pyembed.spring.module;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;

import java.util.Objects;

/** The bean of one {@link PythonModule} interface: its proxy, made by {@link PythonModules} (eagerly, to be checked at start). */
public class PythonModuleFactoryBean<T> implements SmartFactoryBean<T>, BeanFactoryAware {

    private final Class<T> moduleInterface;
    private BeanFactory beanFactory;
    private T proxy;

    public PythonModuleFactoryBean(Class<T> moduleInterface) {
        this.moduleInterface = Objects.requireNonNull(moduleInterface, "moduleInterface");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public synchronized T getObject() {
        if (proxy == null) {
            proxy = beanFactory.getBean(PythonModules.class).create(moduleInterface);
        }
        return proxy;
    }

    @Override
    public Class<?> getObjectType() {
        return moduleInterface;
    }

    @Override
    public boolean isEagerInit() {
        return true;
    }
}
