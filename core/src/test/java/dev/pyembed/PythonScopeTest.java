package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Code written once against {@link PythonScope} runs the same on a GIL scope and on a sub-interpreter. */
class PythonScopeTest {

    /** Defines, evaluates and calls: what a user's helper written against the interface does. */
    private static List<Object> workOn(PythonScope scope) {
        scope.exec("def scale(xs, k):\n    return [x * k for x in xs]\nbase = 10");
        Object evaluated = scope.eval("base + 1");
        Object again = scope.eval("base + 1"); // the same source twice: the second run reuses its compiled code
        Object called = scope.call("math", "gcd", 12L, 18L);
        Object own = scope.call("__main__", "scale", List.of(1L, 2L), 3L);
        Object structured = scope.eval("{'k': [1.5, None], 'ok': True}");
        return List.of(evaluated, again, called, own, structured);
    }

    private static final List<Object> EXPECTED = List.of(11L, 11L, 6L, List.of(3L, 6L),
            Map.of("k", java.util.Arrays.asList(1.5, null), "ok", true));

    @Test
    void aGilScopeRunsCodeWrittenAgainstTheInterface() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            List<Object> results = engine.withGil(PythonScopeTest::workOn);
            assertThat(results).isEqualTo(EXPECTED);
        }
    }

    @Test
    void aSubInterpreterRunsTheSameCodeWithTheSameResults() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assumeTrue(engine.runtime().version().isAtLeast(3, 12), "sub-interpreters need 3.12+");
            PythonInterpreterPool pool = engine.interpreterPool(1);
            List<Object> results = pool.call(PythonScopeTest::workOn);
            assertThat(results).isEqualTo(EXPECTED);
            Object base = pool.call(interp -> interp.eval("base"));
            assertThat(base).as("definitions persist in that interpreter").isEqualTo(10L);
        }
    }

    @Test
    void errorsAreTheSameOnBoth() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            assertThatThrownBy(() -> engine.withGil(gil -> gil.call("math", "no_such_function")))
                    .isInstanceOf(PythonException.class).hasMessageContaining("AttributeError")
                    .hasMessageContaining("no_such_function");
            for (int run = 0; run < 2; run++) { // a syntax error is not cached: each run reports it
                assertThatThrownBy(() -> engine.withGil(gil -> gil.eval("1 +")))
                        .isInstanceOf(PythonException.class).hasMessageContaining("SyntaxError");
            }
            if (engine.runtime().version().isAtLeast(3, 12)) {
                PythonInterpreterPool pool = engine.interpreterPool(1);
                assertThatThrownBy(() -> pool.call(interp -> interp.call("math", "no_such_function")))
                        .isInstanceOf(PythonException.class).hasMessageContaining("AttributeError");
                for (int run = 0; run < 2; run++) {
                    assertThatThrownBy(() -> pool.call(interp -> interp.eval("1 +")))
                            .isInstanceOf(PythonException.class).hasMessageContaining("SyntaxError");
                }
            }
        }
    }
}
