package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;

/**
 * Customizes the auto-configured {@link PythonEngine.Builder} after the {@code pyembed.*} properties were applied
 * (e.g. to add a {@code GilListener} source or an extra {@code sys.path} entry). Beans of this type run in their
 * {@code @Order}.
 */
@FunctionalInterface
public interface PythonEngineBuilderCustomizer {

    void customize(PythonEngine.Builder builder);
}
