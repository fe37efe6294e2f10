package dev.pyembed.spring.multicontext;

import dev.pyembed.EngineState;
import dev.pyembed.PythonEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-context suite, third class: back to A's cached context (the same configuration as the first class),
 * whose engine still runs: B did not close it, and B's start did not fail.
 */
@SpringBootTest(classes = SuiteContexts.ConfigA.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "pyembed.runtime=${pyembed.test.runtime:embedded}")
class Suite3BackToContextATest {

    @Autowired
    ApplicationContext context;

    @Autowired
    PythonEngine engine;

    @Test
    void theCachedContextAStillHasItsEngine() {
        if (SuiteContexts.contextA != null) { // null when this class runs alone
            assertThat(context).as("Spring's context cache gave A's context back").isSameAs(SuiteContexts.contextA);
        }
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        assertThat(eval(engine, "6 * 7")).isEqualTo(42L);
        // A started again after a pause: its bean is Python's again; without pausing B (started last) keeps the name
        assertThat(eval(engine, "__import__('pyembed').java('greeter').name()"))
                .isEqualTo(SuiteContexts.pausing() || SuiteContexts.contextA == null ? "A" : "B");
        if (SuiteContexts.contextA != null) { // B's folder stays on sys.path while B's context is cached
            assertThat(eval(engine, "__import__('only_in_b').WHO")).isEqualTo("b");
        }
    }
}
