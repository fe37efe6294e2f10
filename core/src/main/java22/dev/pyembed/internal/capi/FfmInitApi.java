package dev.pyembed.internal.capi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link InitApi} through FFM. Called once per process, so each handle is made when its function is first called:
 * a libpython lacks the functions of other versions ({@code PyInitConfig_*} before 3.14), and {@link LibPython}
 * calls only those its version has ({@code Py_SetPythonHome} on 3.10 to 3.13).
 */
final class FfmInitApi implements InitApi {

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return FfmCApi.downcall(name, descriptor);
    }

    private static long withScratch(Call call) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return call.run(scratch);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @FunctionalInterface
    private interface Call {
        long run(FfmScratch scratch) throws Throwable;
    }

    @Override
    public long PyInitConfig_Create() {
        return withScratch(s -> (long) handle("PyInitConfig_Create", FunctionDescriptor.of(JAVA_LONG)).invokeExact());
    }

    @Override
    public void PyInitConfig_Free(long config) {
        withScratch(s -> {
            handle("PyInitConfig_Free", FunctionDescriptor.ofVoid(JAVA_LONG)).invokeExact(config);
            return 0;
        });
    }

    @Override
    public int PyInitConfig_SetStr(long config, byte[] name, byte[] value) {
        return (int) withScratch(s -> (int) handle("PyInitConfig_SetStr",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG))
                .invokeExact(config, s.copy(name), s.copy(value)));
    }

    @Override
    public int PyInitConfig_SetInt(long config, byte[] name, long value) {
        return (int) withScratch(s -> (int) handle("PyInitConfig_SetInt",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG))
                .invokeExact(config, s.copy(name), value));
    }

    @Override
    public int PyInitConfig_GetError(long config, long[] message) {
        return (int) withScratch(s -> {
            long out = s.copyIn(message);
            int result = (int) handle("PyInitConfig_GetError", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG))
                    .invokeExact(config, out);
            s.copyOut(out, message);
            return result;
        });
    }

    @Override
    public int Py_InitializeFromInitConfig(long config) {
        return (int) withScratch(s -> (int) handle("Py_InitializeFromInitConfig",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG)).invokeExact(config));
    }

    @Override
    public void Py_InitializeEx(int installSigs) {
        withScratch(s -> {
            handle("Py_InitializeEx", FunctionDescriptor.ofVoid(JAVA_INT)).invokeExact(installSigs);
            return 0;
        });
    }

    @Override
    public long Py_DecodeLocale(byte[] arg, long size) {
        return withScratch(s -> (long) handle("Py_DecodeLocale", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG))
                .invokeExact(s.copy(arg), size));
    }

    @Override
    public void Py_SetPythonHome(long home) {
        withScratch(s -> {
            handle("Py_SetPythonHome", FunctionDescriptor.ofVoid(JAVA_LONG)).invokeExact(home);
            return 0;
        });
    }
}
