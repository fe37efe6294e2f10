package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Python errors become Java exceptions; none of them can exit the JVM or break the engine. */
class PythonErrorsTest extends SharedEngineTest {

    @Test
    void aPythonExceptionCarriesTypeMessageAndTraceback() {
        PythonException e = catchThrowableOfType(PythonException.class, () -> engine.runWithGil(gil -> gil.exec("""
                def parse(text):
                    return int(text)
                parse('forty-two')
                """)));
        assertThat(e.pythonType()).isEqualTo("ValueError");
        assertThat(e.pythonMessage()).contains("forty-two");
        assertThat(e.pythonTraceback()).contains("in parse").contains("ValueError");
        assertEngineStillWorks();
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("def broken(:\n    pass")))
                .isInstanceOf(PythonException.class)
                .satisfies(e -> assertThat(((PythonException) e).pythonType()).isEqualTo("SyntaxError"))
                .hasMessageContaining("line 1");
        assertEngineStillWorks();
    }

    @Test
    void sysExitBecomesAnExceptionAndTheJvmLivesOn() {
        PythonExitException e = catchThrowableOfType(PythonExitException.class,
                () -> engine.runWithGil(gil -> gil.exec("import sys; sys.exit(3)")));
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.pythonType()).isEqualTo("SystemExit");
        PythonExitException interrupt = catchThrowableOfType(PythonExitException.class,
                () -> engine.runWithGil(gil -> gil.exec("raise KeyboardInterrupt")));
        assertThat(interrupt.pythonType()).isEqualTo("KeyboardInterrupt");
        assertEngineStillWorks();
    }

    @Test
    void deepRecursionBecomesARecursionError() {
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("def down(n):\n    return down(n + 1)\ndown(0)")))
                .isInstanceOf(PythonException.class)
                .satisfies(e -> assertThat(((PythonException) e).pythonType()).isEqualTo("RecursionError"));
        assertEngineStillWorks();
    }

    @Test
    void anExceptionWhoseStrRaisesStillArrives() {
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("""
                class Nasty(Exception):
                    def __str__(self):
                        raise RuntimeError('no str for you')
                raise Nasty()
                """))).isInstanceOf(PythonException.class)
                .satisfies(e -> assertThat(((PythonException) e).pythonType()).isEqualTo("Nasty"));
        assertEngineStillWorks();
    }

    @Test
    void causesBecomeTheJavaCauseChain() {
        PythonException e = catchThrowableOfType(PythonException.class, () -> engine.runWithGil(gil -> gil.exec("""
                try:
                    {}['missing']
                except KeyError as k:
                    raise ValueError('lookup failed') from k
                """)));
        assertThat(e.pythonType()).isEqualTo("ValueError");
        assertThat(e.getCause()).isInstanceOf(PythonException.class);
        assertThat(((PythonException) e.getCause()).pythonType()).isEqualTo("KeyError");
    }

    @Test
    void memoryErrorArrivesAsAnException() {
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("bytearray(2**62)")))
                .isInstanceOf(PythonException.class)
                .satisfies(e -> assertThat(((PythonException) e).pythonType()).isIn("MemoryError", "OverflowError"));
        assertEngineStillWorks();
    }

    @Test
    void sysExitInAPythonThreadEndsOnlyThatThread() {
        Object joined = engine.withGil(gil -> {
            gil.exec("import threading, sys\nexiting = threading.Thread(target=lambda: sys.exit(5))\nexiting.start()");
            return gil.eval("exiting.join(10) or exiting.is_alive()");
        });
        assertThat(joined).isEqualTo(false);
        assertEngineStillWorks();
    }

    @Test
    void theExceptionObjectIsReachable() {
        PythonException e = catchThrowableOfType(PythonException.class, () -> engine.runWithGil(gil -> gil.exec("""
                class Rejected(Exception):
                    def __init__(self, code):
                        super().__init__(f'rejected with {code}')
                        self.code = code
                raise Rejected(418)
                """)));
        Object code = engine.withGil(gil -> e.pythonValue().getAttr("code").toJava());
        assertThat(code).isEqualTo(418L);
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        PythonException e = catchThrowableOfType(PythonException.class,
                () -> engine.runWithGil(gil -> gil.exec("x = 1\ny = (2 +\n")));
        assertThat(e.pythonMessage()).contains("line 2").contains("column");
    }

    private static void assertEngineStillWorks() {
        Object result = engine.withGil(gil -> gil.eval("1 + 1"));
        assertThat(result).isEqualTo(2L);
    }
}
