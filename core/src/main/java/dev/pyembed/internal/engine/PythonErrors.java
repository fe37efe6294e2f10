package dev.pyembed.internal.engine;

import dev.pyembed.PythonException;
import dev.pyembed.PythonExitException;
import dev.pyembed.PythonInterruptedException;
import dev.pyembed.PythonTimeoutException;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.gil.GilHeld;

import java.util.List;

/**
 * Turns the pending Python error into a {@link PythonException}. The description (type, message, traceback,
 * causes) is computed in Python by pyembed's bootstrap helper, so that an exception whose {@code __str__}
 * raises, or a traceback that cannot be formatted, still arrives as an exception. Nothing here prints the
 * error or lets {@code SystemExit} exit the process (the C API call that prints errors is never used).
 */
public final class PythonErrors {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private final Callbacks callbacks; // null in a sub-interpreter, which has no callbacks
    private Conversions conversions;
    private long describe;

    public PythonErrors(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Wires the bootstrap helper in once it exists (GIL held). */
    public void init(Conversions conversions, long describeFunction) {
        this.conversions = conversions;
        this.describe = describeFunction;
    }

    public PythonException fetch(GilHeld gil) {
        CApi api = gil.api();
        long[] type = new long[1];
        long[] value = new long[1];
        long[] traceback = new long[1];
        api.PyErr_Fetch(type, value, traceback);
        if (type[0] == 0) {
            return new PythonException("SystemError", "a Python call failed without setting an exception", "", null);
        }
        api.PyErr_NormalizeException(type, value, traceback);
        try {
            if (traceback[0] != 0) {
                api.PyException_SetTraceback(value[0], traceback[0]);
            }
            PythonException exception = describe(gil, value[0]);
            if (value[0] != 0 && conversions != null && conversions.keepsObjects()) {
                api.Py_IncRef(value[0]);
                ACCESS.pythonValue(exception, ACCESS.newPyObject(conversions.engine(), value[0]));
            }
            return exception;
        } finally {
            api.Py_DecRef(type[0]);
            if (value[0] != 0) {
                api.Py_DecRef(value[0]);
            }
            if (traceback[0] != 0) {
                api.Py_DecRef(traceback[0]);
            }
        }
    }

    private PythonException describe(GilHeld gil, long exception) {
        CApi api = gil.api();
        if (describe == 0 || exception == 0) {
            long text = exception == 0 ? 0 : api.PyObject_Str(exception);
            String message = "(raised before pyembed's bootstrap ran)";
            if (text != 0) {
                message = conversions.toJavaString(gil, text);
                api.Py_DecRef(text);
            }
            api.PyErr_Clear();
            return new PythonException("BaseException", message, "", null);
        }
        long args = api.PyTuple_New(1);
        api.Py_IncRef(exception);
        api.PyTuple_SetItem(args, 0, exception);
        long chain = api.PyObject_Call(describe, args, 0);
        api.Py_DecRef(args);
        if (chain == 0) {
            api.PyErr_Clear();
            return new PythonException("BaseException", "(the exception could not be described)", "", null);
        }
        try {
            List<?> links = (List<?>) conversions.toJava(gil, chain);
            PythonException result = null;
            for (int i = links.size() - 1; i >= 0; i--) {
                List<?> link = (List<?>) links.get(i);
                result = stopped(toException(link, result, callbacks));
            }
            return result;
        } finally {
            api.Py_DecRef(chain);
        }
    }

    /** A call pyembed stopped (interrupt, deadline) becomes the exception that says so. */
    private PythonException stopped(PythonException exception) {
        String type = exception.pythonType();
        if (type.equals(PythonTimeoutException.PYTHON_TYPE)) {
            java.time.Duration deadline = ACCESS.parts(conversions.engine()).scopes().currentDeadline();
            return new PythonTimeoutException(deadline == null ? java.time.Duration.ZERO : deadline,
                    stoppedAt(exception.pythonTraceback()), exception.pythonTraceback(), exception.getCause());
        }
        if (type.equals(PythonInterruptedException.PYTHON_TYPE)) {
            return new PythonInterruptedException("the thread was interrupted; Python code was stopped "
                    + stoppedAt(exception.pythonTraceback()), exception.pythonTraceback(), exception.getCause());
        }
        return exception;
    }

    /** The innermost frame of a formatted traceback: {@code at File "x.py", line 3, in f: the line}. */
    public static String stoppedAt(String traceback) {
        String[] lines = traceback.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("File \"")) {
                String code = i + 1 < lines.length && !lines[i + 1].strip().startsWith("pyembed.") ? lines[i + 1].strip() : "";
                return "at " + line + (code.isEmpty() ? "" : ": " + code);
            }
        }
        return "(no Python frame)";
    }

    private static PythonException toException(List<?> link, PythonException pythonCause, Callbacks callbacks) {
        String type = (String) link.get(0);
        String message = (String) link.get(1);
        String traceback = (String) link.get(2);
        Object exitCode = link.get(3);
        Object javaId = link.get(4);
        Throwable cause = pythonCause;
        if (javaId != null && callbacks != null) {
            Throwable java = callbacks.takeThrown((Long) javaId); // a Java exception that went through Python
            if (java != null) {
                cause = java;
            }
        }
        if (exitCode != null) {
            return new PythonExitException(type, message, traceback, ((Long) exitCode).intValue(), cause);
        }
        return new PythonException(type, message, traceback, cause);
    }
}
