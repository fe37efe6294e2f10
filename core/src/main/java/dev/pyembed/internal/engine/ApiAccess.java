package dev.pyembed.internal.engine;

import dev.pyembed.Gil;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.SubInterpreter;
import dev.pyembed.internal.gil.GilHeld;
import dev.pyembed.internal.gil.ThreadContext;

/**
 * What the machinery needs of the API types but users must not call: their constructors and handles. The API package
 * implements it (installed once, by {@link PythonEngine}'s class initializer), so the API types keep these members
 * package-private and {@code dev.pyembed} shows users only API.
 */
public abstract class ApiAccess {

    private static volatile ApiAccess installed;

    /** Called once, by {@code PythonEngine}'s class initializer. */
    public static void install(ApiAccess access) {
        if (installed != null) {
            throw new IllegalStateException("ApiAccess is installed already");
        }
        installed = access;
    }

    public static ApiAccess get() {
        ApiAccess access = installed;
        if (access == null) {
            initialize(PythonEngine.class);
            access = installed;
            if (access == null) {
                throw new IllegalStateException("ApiAccess used while PythonEngine initializes: install it first");
            }
        }
        return access;
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The engine's parts, read at each call (see {@link EngineParts}). */
    public abstract EngineParts parts(PythonEngine engine);

    /** A PyObject that owns {@code newReference} (stolen: the PyObject releases it). */
    public abstract PyObject newPyObject(PythonEngine engine, long newReference);

    /** The object's handle, borrowed for as long as the caller holds the GIL and the object stays reachable. */
    public abstract long handle(PyObject object, GilHeld gil);

    /** Keeps {@code object} reachable up to this call (see {@code PyObject.fence}). */
    public abstract void fence(PyObject object);

    public abstract boolean isAlive(PyObject object);

    public abstract Gil newGil(PythonEngine engine, ThreadContext context, int depth, boolean reacquired);

    public abstract GilHeld held(Gil gil);

    public abstract SubInterpreter newSubInterpreter(int index, Conversions conversions, long mainDict, Thread owner);

    public abstract void activate(SubInterpreter interpreter, boolean on);

    /** Before the sub-interpreter ends, on its thread with its GIL held. */
    public abstract void clearCodeCache(SubInterpreter interpreter);

    public abstract void pythonValue(PythonException exception, PyObject value);
}
