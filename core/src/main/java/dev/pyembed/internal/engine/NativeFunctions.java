package dev.pyembed.internal.engine;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.NativeUpcalls;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.gil.GilHeld;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Python builtin functions whose body is Java: one native entry point (a C function pointer made by the backend's
 * {@link NativeUpcalls}, behind a {@code PyMethodDef}), and a capsule as the function's {@code self} that names the
 * Java body to run. When Python drops the function, the capsule's destructor forgets the body, so Java lambdas
 * handed to Python do not leak. Python calls these functions with the GIL held by the calling thread, so the body
 * receives a {@link GilHeld}. A Java exception never crosses into native code: the body maps it to a Python
 * exception, and anything that escapes becomes a {@code RuntimeError}.
 */
public final class NativeFunctions {

    /** A function body: returns a new reference, or 0 with a Python error set. */
    @FunctionalInterface
    public interface Body {
        long call(GilHeld gil, long args) throws Exception;
    }

    private static final int METH_VARARGS = 0x1;
    private static final Map<Long, Body> BODIES = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    // Made once per process (one libpython, one backend per JVM); native code keeps these pointers for ever.
    private static long methodDef;
    private static long destructorPointer;
    private static long recursionError;
    private static volatile CApi api;

    private NativeFunctions() {
    }

    /** Creates a builtin function object (new ref) that runs {@code body}. GIL held. */
    public static long create(GilHeld gil, Body body) {
        CApi held = gil.api();
        ensureMethodDef(held);
        long id = IDS.incrementAndGet();
        BODIES.put(id, body);
        long self = held.PyCapsule_New(id, null, destructorPointer);
        if (self == 0) {
            BODIES.remove(id);
            return 0;
        }
        try {
            return held.PyCFunction_NewEx(methodDef, self, 0);
        } finally {
            held.Py_DecRef(self);
        }
    }

    /** How many Java bodies Python still holds functions for (for leak checks). */
    public static int liveBodies() {
        return BODIES.size();
    }

    private static synchronized void ensureMethodDef(CApi held) {
        api = held;
        if (methodDef != 0) {
            return;
        }
        NativeUpcalls upcalls = held.upcalls();
        byte[] name = Utf8.cString("pyembed_function");
        long methodName = held.allocatePermanent(name.length);
        held.writeBytes(methodName, name);
        // struct PyMethodDef { const char *ml_name; PyCFunction ml_meth; int ml_flags; const char *ml_doc; }
        long def = held.allocatePermanent(32);
        held.writePointer(def, methodName);
        held.writePointer(def + 8, upcalls.pyCFunction(NativeFunctions::dispatch));
        held.writeInt(def + 16, METH_VARARGS);
        destructorPointer = upcalls.capsuleDestructor(NativeFunctions::forget);
        recursionError = held.readPointer(held.symbolAddress("PyExc_RecursionError"));
        methodDef = def;
    }

    private static long dispatch(long self, long args) {
        CApi held = api;
        GilHeld gil = GilHeld.forUpcall(held); // Python calls us with the GIL held
        try {
            Body body = BODIES.get(held.PyCapsule_GetPointer(self, null));
            if (body == null) {
                return raise(held, "this pyembed function belongs to an engine that was closed");
            }
            return body.call(gil, args);
        } catch (Throwable e) {
            try {
                if (e instanceof StackOverflowError) {
                    held.PyErr_SetString(recursionError, STACK_OVERFLOW); // no formatting on an exhausted stack
                    return 0;
                }
                return raise(held, e.getClass().getName() + ": " + e.getMessage());
            } catch (Throwable stillFailing) {
                return 0; // NULL without an error: Python raises SystemError; nothing escapes into native code
            }
        }
    }

    private static final byte[] STACK_OVERFLOW = Utf8.cString("a Java function ran out of stack"
            + " (java.lang.StackOverflowError)");

    private static void forget(long capsule) {
        try {
            BODIES.remove(api.PyCapsule_GetPointer(capsule, null));
        } catch (Throwable ignored) {
            // a destructor must not let anything escape into native code
        }
    }

    private static long raise(CApi held, String message) {
        long runtimeError = held.readPointer(held.symbolAddress("PyExc_RuntimeError"));
        held.PyErr_SetString(runtimeError, Utf8.cString(message));
        return 0;
    }
}
