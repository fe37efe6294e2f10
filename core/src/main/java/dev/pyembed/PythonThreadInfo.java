package dev.pyembed;

/**
 * A thread that runs Python code now, or a Python-created thread.
 *
 * @param name       the thread's name in Python ({@code threading}), or the Java thread's name for a Java thread
 * @param daemon     whether it is a daemon thread ({@code true} for Java threads)
 * @param stack      its current Python stack, formatted like a traceback (empty when it runs no Python code now)
 * @param ident      {@code threading.get_ident()} of the thread; 0 for a Python thread that is starting (its
 *                   {@code start()} has not returned yet, so Python has no ident for it)
 * @param javaThread the Java thread's name when it is a Java thread in a GIL scope, else {@code null}
 */
public record PythonThreadInfo(String name, boolean daemon, String stack, long ident, String javaThread) {
}
