package dev.pyembed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The JVM owns the process's signals: Python's main thread is {@code pyembed-lifecycle}, which runs Python code only
 * at start and close, so Python's own signal machinery has nothing to run on.
 */
class SignalsTest {

    @Test
    void signalSignalIsRefusedOnJavaThreadsSayingWhy() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            PythonException e = catchThrowableOfType(PythonException.class, () -> engine.runWithGil(gil -> gil.exec("""
                    import signal
                    signal.signal(signal.SIGINT, lambda *a: None)
                    """)));
            assertThat(e.pythonType()).isEqualTo("ValueError");
            assertThat(e.getMessage()).contains("main thread");
        }
    }

    @Test
    void interruptMainIsRefusedSayingWhy() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            PythonException e = catchThrowableOfType(PythonException.class,
                    () -> engine.runWithGil(gil -> gil.exec("import _thread; _thread.interrupt_main()")));
            assertThat(e.pythonType()).isEqualTo("RuntimeError");
            assertThat(e.getMessage()).contains("interrupt_main").contains("pyembed");
        }
    }

    @Test
    void aSigintTrippedInPythonDoesNotSurfaceAtClose() {
        OutputCapture output = new OutputCapture();
        PythonEngine engine = TestEngines.builder().output(output).start();
        try {
            // What C code (or interrupt_main before pyembed refused it) does: mark SIGINT pending for the main thread.
            engine.runWithGil(gil -> gil.exec("import ctypes; ctypes.pythonapi.PyErr_SetInterrupt()"));
        } finally {
            engine.close();
        }
        assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
        assertThat(output.lines).as("Python's output at close").noneMatch(line -> line.contains("Signal 2")
                || line.contains("signal handler") || line.contains("KeyboardInterrupt"));
    }
}
