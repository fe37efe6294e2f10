package dev.pyembed.internal.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link SubInterpreterApi} through FFM: {@code Py_NewInterpreterFromConfig} returns its {@code PyStatus} struct by
 * value, which a downcall handle receives into memory from the {@link SegmentAllocator} passed first. Plain downcalls:
 * creating and ending an interpreter runs Python code. Rare calls, so a confined arena each.
 */
final class FfmSubInterpreterApi implements SubInterpreterApi {

    /** {@code PyStatus}: {@code {int _type; const char *func; const char *err_msg; int exitcode;}}, pointers as longs. */
    private static final StructLayout PY_STATUS = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("func"), JAVA_LONG.withName("err_msg"),
            JAVA_INT.withName("exitcode"), MemoryLayout.paddingLayout(4));

    private final MethodHandle newInterpreterFromConfig = FfmCApi.downcall("Py_NewInterpreterFromConfig",
            FunctionDescriptor.of(PY_STATUS, JAVA_LONG, JAVA_LONG));
    private final MethodHandle endInterpreter = FfmCApi.downcall("Py_EndInterpreter", FunctionDescriptor.ofVoid(JAVA_LONG));
    private final MethodHandle threadStateGet = FfmCApi.downcall("PyThreadState_Get", FunctionDescriptor.of(JAVA_LONG));

    @Override
    public long create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocateFrom(JAVA_INT, SubInterpreterApi.ownGilConfig());
            MemorySegment tstate = arena.allocate(JAVA_LONG);
            MemorySegment status = (MemorySegment) newInterpreterFromConfig.invokeExact((SegmentAllocator) arena,
                    tstate.address(), config.address());
            if (status.get(JAVA_INT, 0) != 0) {
                long func = status.get(JAVA_LONG, 8);
                long errMsg = status.get(JAVA_LONG, 16);
                throw SubInterpreterApi.failed(errMsg == 0 ? null : FfmCApi.ALL.getString(errMsg),
                        func == 0 ? null : FfmCApi.ALL.getString(func), status.get(JAVA_INT, 24));
            }
            return tstate.get(JAVA_LONG, 0);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public long currentThreadState() {
        try {
            return (long) threadStateGet.invokeExact();
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public void end(long tstate) {
        try {
            endInterpreter.invokeExact(tstate);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }
}
