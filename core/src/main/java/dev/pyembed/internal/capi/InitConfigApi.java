package dev.pyembed.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * PEP 741's opaque initialization API (CPython 3.14+): no struct layouts to mirror. Called once, on the lifecycle
 * thread, before the interpreter exists (no GIL involved).
 */
final class InitConfigApi {

    private InitConfigApi() {
    }

    static void register(NativeLibrary library) {
        Native.register(InitConfigApi.class, library);
    }

    static native long PyInitConfig_Create();

    static native void PyInitConfig_Free(long config);

    static native int PyInitConfig_SetStr(long config, byte[] name, byte[] value);

    static native int PyInitConfig_SetInt(long config, byte[] name, long value);

    static native int PyInitConfig_GetError(long config, long[] message);

    static native int Py_InitializeFromInitConfig(long config);
}
