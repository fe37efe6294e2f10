package dev.pyembed;

/**
 * Where Java runs Python code in one interpreter's {@code __main__}: an open GIL scope of the main interpreter
 * ({@link Gil}) or a sub-interpreter inside work given to a pool ({@link SubInterpreter}). Code written against this
 * runs on either. Valid only on the thread that holds it, while it is held; sources are compiled once and cached per
 * interpreter. Results cross as Java values ({@code engine}'s conversions).
 */
public interface PythonScope {

    /** Runs Python statements in {@code __main__} (definitions persist across calls). */
    void exec(String code);

    /** Evaluates a Python expression in {@code __main__}; the result converted to a Java value. */
    Object eval(String expression);

    /** {@code module.function(*args)}: imports {@code module}, calls the function, converts its result. */
    Object call(String module, String function, Object... args);
}
