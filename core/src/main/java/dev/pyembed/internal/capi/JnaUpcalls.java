package dev.pyembed.internal.capi;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link NativeUpcalls} through JNA callbacks. A thread that Python created is attached as a daemon thread named
 * {@code python-thread} for the duration of each call, and detached again after it.
 */
final class JnaUpcalls implements NativeUpcalls {

    private interface PyCFunctionCallback extends Callback {
        long invoke(long self, long args);
    }

    private interface CapsuleDestructorCallback extends Callback {
        void invoke(long capsule);
    }

    /** Strong references for the life of the process: native code keeps pointers to them. */
    private static final List<Callback> KEPT = new CopyOnWriteArrayList<>();

    @Override
    public long pyCFunction(PyCFunction target) {
        PyCFunctionCallback callback = (self, args) -> {
            try {
                return target.call(self, args);
            } catch (Throwable e) {
                return 0; // never into native code; the target should have set a Python error itself
            }
        };
        return keep(callback);
    }

    @Override
    public long capsuleDestructor(CapsuleDestructor target) {
        CapsuleDestructorCallback callback = capsule -> {
            try {
                target.destroy(capsule);
            } catch (Throwable ignored) {
                // a destructor must not let anything escape into native code
            }
        };
        return keep(callback);
    }

    private static long keep(Callback callback) {
        KEPT.add(callback);
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, true, "python-thread"));
        return Pointer.nativeValue(CallbackReference.getFunctionPointer(callback));
    }
}
