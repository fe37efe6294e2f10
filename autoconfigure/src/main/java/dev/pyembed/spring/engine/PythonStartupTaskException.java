package dev.pyembed.spring.engine;

import dev.pyembed.PythonException;

/**
 * A startup task configured by {@code pyembed.python-path}, {@code pyembed.modules} or {@code pyembed.scripts}
 * failed: a python-path folder could not be made, a module could not be imported, a script is missing or raised. The application does not start; {@code PythonStartupTaskFailureAnalyzer}
 * explains it.
 */
public class PythonStartupTaskException extends RuntimeException {

    /** What kind of task failed. */
    public enum Kind {
        /** A {@code pyembed.modules} entry. */
        MODULE,
        /** A {@code pyembed.scripts} entry. */
        SCRIPT,
        /** A {@code pyembed.python-path} entry (a {@code classpath:} folder that matches nothing, a bad location). */
        PYTHON_PATH
    }

    private final Kind kind;
    private final String property;
    private final String target;

    public PythonStartupTaskException(Kind kind, String property, String target, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.property = property;
        this.target = target;
    }

    public Kind kind() {
        return kind;
    }

    /** The property entry that configured the task, e.g. {@code pyembed.scripts[0]}. */
    public String property() {
        return property;
    }

    /** The module name or script location. */
    public String target() {
        return target;
    }

    /** The Python exception the task raised, or {@code null} (e.g. a script that does not exist). */
    public PythonException pythonException() {
        return getCause() instanceof PythonException python ? python : null;
    }
}
