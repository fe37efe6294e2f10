package dev.pyembed.spring.module;

import dev.pyembed.GilStatus;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonTimeoutException;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import dev.pyembed.spring.module.advised.AdvisedModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With the {@code @WithGil} aspect on, a typed interface annotated {@code @WithGil} gets an AOP proxy like any bean
 * (so other advice, such as {@code @Cacheable}, applies), but the aspect leaves the GIL to the typed call: the scope's
 * label is {@code Interface.method} and a method's own deadline counts.
 */
class PythonModuleAdviceTest {

    @Configuration(proxyBeanMethods = false)
    @EnablePythonModules(basePackageClasses = AdvisedModel.class)
    @EnableCaching
    static class AdvisedConfiguration {
        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }
    }

    @Test
    void theTypedCallTakesTheGilWithItsOwnLabelAndDeadline() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PythonAutoConfiguration.class))
                .withPropertyValues(TestRuntime.property(), "pyembed.python-path=classpath:python/")
                .withUserConfiguration(AdvisedConfiguration.class).run(context -> {
                    AdvisedModel model = context.getBean(AdvisedModel.class);
                    PythonEngine engine = context.getBean(PythonEngine.class);
                    assertThat(model.add(1, 2)).isEqualTo(3L);
                    assertThat(model.whileHeld(() -> engine.gilHolder().map(GilStatus.Holder::label).orElse("nobody")))
                            .isEqualTo("AdvisedModel.whileHeld");
                    assertThat(model.counted("a")).isEqualTo("a");
                    assertThat(model.counted("a")).isEqualTo("a");
                    assertThat(TestRuntime.eval(engine, "__import__('typed_model').counted_calls"))
                            .as("the second call was a cache hit").isEqualTo(1L);
                    assertThatThrownBy(model::spin).isInstanceOf(PythonTimeoutException.class).hasMessageContaining("deadline of PT0.2S");
                });
    }
}
