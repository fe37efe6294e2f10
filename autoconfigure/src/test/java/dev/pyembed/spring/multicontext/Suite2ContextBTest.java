package dev.pyembed.spring.multicontext;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-context suite, second class: context B starts while A is cached (paused, or running when pausing is
 * off) and shares A's engine, with its own python-path, startup module and callable.
 */
@SpringBootTest(classes = SuiteContexts.ConfigB.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"pyembed.runtime=${pyembed.test.runtime:embedded}", "pyembed.python-path=classpath:multicontext/b/",
                "pyembed.modules=only_in_b"})
class Suite2ContextBTest {

    @Autowired
    PythonEngine engine;

    @Test
    void contextBSharesTheEngineOfA() {
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        if (SuiteContexts.engineA != null) { // null when this class runs alone
            assertThat(engine).isSameAs(SuiteContexts.engineA);
        }
        assertThat(eval(engine, "__import__('only_in_b').WHO")).isEqualTo("b");
        assertThat(eval(engine, "__import__('pyembed').java('greeter').name()")).isEqualTo("B");
    }
}
