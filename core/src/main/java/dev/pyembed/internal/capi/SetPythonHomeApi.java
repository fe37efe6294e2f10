package dev.pyembed.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** {@code Py_SetPythonHome}: deprecated in 3.11, removed in 3.13; bound only on 3.10 to 3.12. */
final class SetPythonHomeApi {

    private SetPythonHomeApi() {
    }

    static void register(NativeLibrary library) {
        Native.register(SetPythonHomeApi.class, library);
    }

    static native void Py_SetPythonHome(long home);
}
