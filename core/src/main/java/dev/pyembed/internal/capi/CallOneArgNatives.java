package dev.pyembed.internal.capi;

/**
 * {@code PyObject_CallOneArg}, which libpython exports from 3.11 on (3.10 has it only as a header inline):
 * registered by {@link JnaCApi} apart from {@link LibPythonNatives}, so that a missing symbol leaves only this
 * class unbound.
 */
final class CallOneArgNatives {

    private CallOneArgNatives() {
    }

    static native long PyObject_CallOneArg(long callable, long arg);
}
