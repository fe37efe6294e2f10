package dev.pyembed.spring.multicontext;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/** The multi-context suite, first class: context A starts the JVM's engine. */
@SpringBootTest(classes = SuiteContexts.ConfigA.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "pyembed.runtime=${pyembed.test.runtime:embedded}")
class Suite1ContextATest {

    @Autowired
    ApplicationContext context;

    @Autowired
    PythonEngine engine;

    @Test
    void contextAStartsTheEngine() {
        SuiteContexts.contextA = context;
        SuiteContexts.engineA = engine;
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        assertThat(eval(engine, "__import__('pyembed').java('greeter').name()")).isEqualTo("A");
        assertThat(TestRuntime.name()).isNotBlank();
    }
}
