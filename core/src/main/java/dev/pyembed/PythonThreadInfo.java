package dev.pyembed;

/**
 * A Python thread as {@code threading} sees it.
 *
 * @param name   the thread's name
 * @param daemon whether it is a daemon thread
 * @param stack  its current Python stack, formatted like a traceback (empty when unknown)
 */
public record PythonThreadInfo(String name, boolean daemon, String stack) {
}
