package dev.pyembed;

import java.time.Duration;

/**
 * A Python call ran past its deadline ({@link PythonEngine.Builder#callDeadline(Duration)}, a per-call deadline,
 * {@code @WithGil(deadline = "2s")}, {@code pyembed.gil.call-deadline}) and pyembed stopped it: the Python code got a
 * {@code pyembed.DeadlineExceeded} exception (a subclass of {@code pyembed.Interrupted}, a {@code BaseException}).
 * The message names the deadline and the Python line the code was stopped at; {@link #pythonTraceback()} has the
 * whole Python stack. When the deadline passed before the call got the GIL, no Python code ran and the traceback is
 * empty.
 */
public class PythonTimeoutException extends PythonException {

    /** The Python type of the exception raised in Python code past its deadline. */
    public static final String PYTHON_TYPE = "pyembed.DeadlineExceeded";

    private final Duration deadline;

    public PythonTimeoutException(Duration deadline, String where, String pythonTraceback, Throwable cause) {
        super(PYTHON_TYPE, "the Python call ran past its deadline of " + deadline + " and was stopped " + where,
                pythonTraceback, cause);
        this.deadline = deadline;
    }

    /** The deadline the call had (counted from the start of the call, the wait for the GIL included). */
    public Duration deadline() {
        return deadline;
    }
}
