package dev.pyembed;

/**
 * A Java function Python can call: {@code engine.register("score", args -> ...)} makes it
 * {@code pyembed.score(...)} in Python, and a {@code JavaFunction} passed as an argument or returned to Python
 * becomes a Python callable (e.g. {@code sorted(items, key=javaFn)}). Arguments and the result are converted by
 * the table of {@link PyObject}; an exception becomes a {@code pyembed.JavaError} in Python.
 */
@FunctionalInterface
public interface JavaFunction {

    Object call(Object... args) throws Exception;
}
