package dev.pyembed.internal.capi;

/**
 * C function pointers whose body is Java, made by the backend (JNA callbacks, or FFM upcall stubs). Each pointer
 * lives as long as the process: CPython keeps it (in a {@code PyMethodDef}, in a capsule) for as long as it wants.
 * Make few of them, once.
 *
 * <p>CPython calls them on whatever thread runs Python code, with the GIL held; a thread Python created is attached
 * to the JVM as a daemon thread. A body must not let an exception escape: the backends turn one that does into a
 * NULL result (a Python {@code SystemError}) instead of a crash, but the body is where it should be handled.
 */
public interface NativeUpcalls {

    /** {@code PyObject *(*PyCFunction)(PyObject *self, PyObject *args)}: a new reference, or 0 with an error set. */
    @FunctionalInterface
    interface PyCFunction {
        long call(long self, long args);
    }

    /** {@code void (*PyCapsule_Destructor)(PyObject *capsule)}. */
    @FunctionalInterface
    interface CapsuleDestructor {
        void destroy(long capsule);
    }

    /** A C function pointer that runs {@code target}; never freed. */
    long pyCFunction(PyCFunction target);

    /** A C function pointer that runs {@code target}; never freed. */
    long capsuleDestructor(CapsuleDestructor target);
}
