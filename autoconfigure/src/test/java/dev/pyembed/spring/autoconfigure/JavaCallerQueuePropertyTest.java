package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pyembed.gil.java-caller-queue} turns the Java lock in front of the GIL on; unset it is off. */
class JavaCallerQueuePropertyTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
            .withPropertyValues(TestRuntime.property());

    @Test
    void offByDefaultAndOnWithAMaxWait() {
        runner.run(context -> assertThat(context.getBean(PythonEngine.class).javaCallerQueue()).isEmpty());
        runner.withPropertyValues("pyembed.gil.java-caller-queue=2ms").run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(engine.javaCallerQueue()).contains(Duration.ofMillis(2));
            Object sum = engine.withGil(gil -> gil.eval("1 + 1"));
            assertThat(sum).isEqualTo(2L);
        });
    }
}
