package dev.pyembed.internal;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Python builtin functions whose body is Java: one native entry point (a JNA callback behind a
 * {@code PyMethodDef}), and a capsule as the function's {@code self} that names the Java body to run. When Python
 * drops the function, the capsule's destructor forgets the body, so Java lambdas handed to Python do not leak.
 * Python calls these functions with the GIL held by the calling thread, so the body receives a {@link GilHeld}.
 * A Java exception never crosses into native code: the body maps it to a Python exception, and anything that
 * escapes becomes a {@code RuntimeError}.
 */
public final class NativeFunctions {

    /** A function body: returns a new reference, or 0 with a Python error set. */
    @FunctionalInterface
    public interface Body {
        long call(GilHeld gil, long args) throws Exception;
    }

    private interface Dispatcher extends Callback {
        long invoke(long self, long args);
    }

    private interface CapsuleDestructor extends Callback {
        void invoke(long capsule);
    }

    private static final int METH_VARARGS = 0x1;
    private static final Map<Long, Body> BODIES = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    // Strong references for the life of the process: native code keeps pointers to them.
    private static final Dispatcher DISPATCHER = NativeFunctions::dispatch;
    private static final CapsuleDestructor DESTRUCTOR = NativeFunctions::forget;
    private static Memory methodDef;
    private static Memory methodName;
    private static long destructorPointer;
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
            return held.PyCFunction_NewEx(Pointer.nativeValue(methodDef), self, 0);
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
        if (methodDef != null) {
            return;
        }
        // Python threads calling in are attached as daemon threads, and detached again after each call.
        Native.setCallbackThreadInitializer(DISPATCHER, new CallbackThreadInitializer(true, true, "python-thread"));
        methodName = new Memory(32);
        methodName.setString(0, "pyembed_function");
        methodDef = new Memory(32); // struct PyMethodDef { char* ml_name; PyCFunction ml_meth; int ml_flags; char* ml_doc; }
        methodDef.clear();
        methodDef.setPointer(0, methodName);
        methodDef.setPointer(8, CallbackReference.getFunctionPointer(DISPATCHER));
        methodDef.setInt(16, METH_VARARGS);
        destructorPointer = Pointer.nativeValue(CallbackReference.getFunctionPointer(DESTRUCTOR));
    }

    private static long dispatch(long self, long args) {
        CApi held = api;
        GilHeld gil = new GilHeld(held, Thread.currentThread()); // Python calls us with the GIL held
        try {
            Body body = BODIES.get(held.PyCapsule_GetPointer(self, null));
            if (body == null) {
                return raise(held, "this pyembed function belongs to an engine that was closed");
            }
            return body.call(gil, args);
        } catch (Throwable e) {
            return raise(held, e.getClass().getName() + ": " + e.getMessage());
        }
    }

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
