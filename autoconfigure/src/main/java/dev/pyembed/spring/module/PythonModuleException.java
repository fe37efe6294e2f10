package dev.pyembed.spring.module;

/**
 * A {@link PythonModule} interface does not match its Python module: the module cannot be imported, a function is
 * missing or not callable, a Python signature cannot take the Java method's parameters, or a Java type has no
 * conversion. Thrown at start (the context does not start; {@code PythonModuleFailureAnalyzer} explains it), or at the
 * first call when the engine starts lazily.
 */
public class PythonModuleException extends RuntimeException {

    /** What does not match. */
    public enum Kind {
        /** {@code import module} raised. */
        MODULE_NOT_IMPORTABLE,
        /** The module has no attribute of the function's name. */
        FUNCTION_MISSING,
        /** The attribute exists but is not callable. */
        NOT_CALLABLE,
        /** {@code inspect.signature(function).bind(...)} refuses the Java method's parameter count. */
        SIGNATURE_MISMATCH,
        /** The Java method declares a parameter or return type that has no conversion. */
        UNSUPPORTED_TYPE
    }

    private final Kind kind;
    private final Class<?> moduleInterface;
    private final String module;
    private final String function;

    public PythonModuleException(Kind kind, Class<?> moduleInterface, String module, String function, String message,
                                 Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.moduleInterface = moduleInterface;
        this.module = module;
        this.function = function;
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code @PythonModule} interface. */
    public Class<?> moduleInterface() {
        return moduleInterface;
    }

    /** The Python module's name. */
    public String module() {
        return module;
    }

    /** The Python function's name, or {@code null} when the module itself failed. */
    public String function() {
        return function;
    }
}
