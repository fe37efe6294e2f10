package dev.pyembed.internal.gil;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether the current thread is virtual, on Java 17 (which has none) and 21+ alike. A virtual thread can move
 * to another carrier between two native calls, and CPython's current thread state is per OS thread.
 */
public final class VirtualThreads {

    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private VirtualThreads() {
    }

    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
