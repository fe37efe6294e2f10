package dev.pyembed;

/**
 * The engine could not start. {@link #getMessage()} says what went wrong; {@link #action()} says what to change
 * (which property or builder option to set, what to install).
 */
public class PythonStartException extends RuntimeException {

    private final String action;

    public PythonStartException(String message, String action) {
        this(message, action, null);
    }

    public PythonStartException(String message, String action, Throwable cause) {
        super(message + (action == null || action.isEmpty() ? "" : " -- " + action), cause);
        this.action = action == null ? "" : action;
    }

    /** What to do about it, e.g. "set pyembed.runtime=embedded or install a shared-library build of Python". */
    public String action() {
        return action;
    }
}
