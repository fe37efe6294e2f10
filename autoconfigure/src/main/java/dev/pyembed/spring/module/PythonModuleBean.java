package dev.pyembed.spring.module;

/**
 * Implemented by every {@link PythonModule} proxy. Its calls take the GIL themselves, with the {@code @WithGil} settings
 * of the interface and its methods, so the {@code @WithGil} aspect (and the {@code python.calls} timer's) skip it;
 * other advice ({@code @Cacheable}, the application's aspects) applies as to any bean.
 */
public interface PythonModuleBean {
}
