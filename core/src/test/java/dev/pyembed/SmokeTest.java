package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @Test
    void startsEvaluatesAndCloses() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            try (Gil gil = engine.acquireGil()) {
                gil.exec("x = 40");
                assertThat(gil.eval("x + 2")).isEqualTo(42L);
                assertThat(gil.eval("'h\u00e9' * 2")).isEqualTo("h\u00e9h\u00e9");
                assertThat(gil.eval("[1, 2.5, None, True, {'a': b'x'}]")).asString().contains("1");
                gil.exec("print('hello from python')");
            }
            assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        }
    }
}
