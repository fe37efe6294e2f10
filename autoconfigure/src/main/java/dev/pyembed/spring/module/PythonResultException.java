package dev.pyembed.spring.module;

import java.lang.reflect.Type;

/**
 * A Python function's result does not fit the return type its {@link PythonModule} method declares: a record
 * component whose key is missing, a {@code str} where a {@code double} is declared, an int too big for a
 * {@code long}, {@code None} where a primitive is declared. The message names the method, the path into the result
 * (e.g. {@code result.factors[2].weight}), the declared Java type there and the Python value's type.
 */
public class PythonResultException extends RuntimeException {

    private final String method;
    private final String path;
    private final Type javaType;
    private final String pythonType;

    public PythonResultException(String method, String path, Type javaType, String pythonType, String message) {
        super(message);
        this.method = method;
        this.path = path;
        this.javaType = javaType;
        this.pythonType = pythonType;
    }

    /** The interface method, {@code SimpleInterfaceName.method}. */
    public String method() {
        return method;
    }

    /** Where in the result: {@code result}, {@code result.band}, {@code result[3].weight}, {@code result['key']}. */
    public String path() {
        return path;
    }

    /** The Java type declared at {@link #path()}. */
    public Type javaType() {
        return javaType;
    }

    /** The Python type of the value found there ({@code str}, {@code dict}, {@code None}, ...). */
    public String pythonType() {
        return pythonType;
    }
}
