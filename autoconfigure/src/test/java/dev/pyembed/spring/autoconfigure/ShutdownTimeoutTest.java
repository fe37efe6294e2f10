package dev.pyembed.spring.autoconfigure;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pyembed.shutdown-timeout} bounds the context's close: a non-daemon Python thread that never ends does not
 * hold it up longer. Its own class (own JVM): Python is then left initialized, as designed, and no other engine can
 * start in this process.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownTimeoutTest {

    @Test
    void aPythonThreadThatNeverEndsDelaysCloseByTheShutdownTimeoutOnly(CapturedOutput output) {
        AtomicReference<PythonEngine> engine = new AtomicReference<>();
        AtomicReference<Long> closeStarted = new AtomicReference<>();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class))
                .withPropertyValues(TestRuntime.property(), "pyembed.shutdown-timeout=300ms").run(context -> {
                    engine.set(context.getBean(PythonEngine.class));
                    engine.get().runWithGil(gil -> gil.exec("import threading\n"
                            + "threading.Thread(target=threading.Event().wait, name='never-ends', daemon=False).start()"));
                    closeStarted.set(System.nanoTime());
                });
        Duration closing = Duration.ofNanos(System.nanoTime() - closeStarted.get());
        assertThat(engine.get().state()).isEqualTo(EngineState.STOPPED);
        assertThat(closing).as("well below the 10 s default: the property applied").isLessThan(Duration.ofSeconds(5));
        assertThat(output).contains("non-daemon Python thread(s) still running after PT0.3S").contains("never-ends");
    }
}
