package dev.pyembed;

/**
 * A Python exception raised into Java: the Python type name ({@code ValueError}), its message, and the
 * formatted Python traceback. {@code __cause__} / {@code __context__} become the Java cause.
 */
public class PythonException extends RuntimeException {

    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;
    private transient PyObject pythonValue;

    public PythonException(String pythonType, String pythonMessage, String pythonTraceback, Throwable cause) {
        super(pythonType + (pythonMessage.isEmpty() ? "" : ": " + pythonMessage), cause);
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.pythonTraceback = pythonTraceback;
    }

    /** The Python exception class name, e.g. {@code ValueError} or {@code json.decoder.JSONDecodeError}. */
    public String pythonType() {
        return pythonType;
    }

    /** {@code str(exception)}. */
    public String pythonMessage() {
        return pythonMessage;
    }

    /**
     * The Python exception object, for use inside a GIL scope (e.g. its attributes), or {@code null}. Raising this
     * exception out of a Java callback re-raises the same Python object in Python.
     */
    public PyObject pythonValue() {
        return pythonValue;
    }

    void pythonValue(PyObject value) {
        this.pythonValue = value;
    }

    /** The traceback as Python's {@code traceback.format_exception} prints it. */
    public String pythonTraceback() {
        return pythonTraceback;
    }
}
