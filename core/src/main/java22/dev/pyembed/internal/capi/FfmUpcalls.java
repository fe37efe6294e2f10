package dev.pyembed.internal.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link NativeUpcalls} through FFM upcall stubs, allocated in the global arena (never freed: CPython keeps the
 * pointers). A thread Python created that calls one is attached to the JVM by the JDK as a daemon thread, and stays
 * attached until it ends.
 *
 * <p>An exception that escapes an upcall would terminate the JVM: each stub's target is wrapped so that one becomes
 * a NULL result instead (a Python {@code SystemError}, "error return without exception set").
 */
final class FfmUpcalls implements NativeUpcalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle CALL;
    private static final MethodHandle DESTROY;
    private static final MethodHandle RETURN_NULL;
    private static final MethodHandle IGNORE;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            CALL = lookup.findVirtual(PyCFunction.class, "call", MethodType.methodType(long.class, long.class, long.class));
            DESTROY = lookup.findVirtual(CapsuleDestructor.class, "destroy", MethodType.methodType(void.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        RETURN_NULL = MethodHandles.dropArguments(MethodHandles.constant(long.class, 0L), 0,
                Throwable.class, long.class, long.class);
        IGNORE = MethodHandles.empty(MethodType.methodType(void.class, Throwable.class, long.class));
    }

    @Override
    public long pyCFunction(PyCFunction target) {
        MethodHandle handle = MethodHandles.catchException(CALL.bindTo(target), Throwable.class, RETURN_NULL);
        return LINKER.upcallStub(handle, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), Arena.global())
                .address();
    }

    @Override
    public long capsuleDestructor(CapsuleDestructor target) {
        MethodHandle handle = MethodHandles.catchException(DESTROY.bindTo(target), Throwable.class, IGNORE);
        return LINKER.upcallStub(handle, FunctionDescriptor.ofVoid(JAVA_LONG), Arena.global()).address();
    }
}
