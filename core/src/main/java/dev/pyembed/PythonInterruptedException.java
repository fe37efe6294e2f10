package dev.pyembed;

/**
 * The Java thread running a Python call was interrupted ({@link Thread#interrupt()}, {@code Future.cancel(true)}),
 * and pyembed stopped the call: the Python code got a {@code pyembed.Interrupted} exception (a
 * {@code BaseException}, so {@code except Exception:} does not catch it, while {@code finally} and {@code with} blocks
 * run), or the thread gave up its wait for the GIL before any Python code ran. The thread's interrupt status stays
 * set, as Java expects after an interruption, and the GIL is free again.
 */
public class PythonInterruptedException extends PythonException {

    /** The Python type of the exception raised in interrupted Python code. */
    public static final String PYTHON_TYPE = "pyembed.Interrupted";

    public PythonInterruptedException(String message, String pythonTraceback, Throwable cause) {
        super(PYTHON_TYPE, message, pythonTraceback, cause);
    }
}
