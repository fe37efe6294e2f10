package dev.pyembed.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** {@code Py_SetPythonHome}: deprecated since 3.11 but exported up to 3.14; bound on 3.10 to 3.13 (3.14 sets the home through PEP 741). */
final class SetPythonHomeApi {

    private SetPythonHomeApi() {
    }

    static void register(NativeLibrary library) {
        Native.register(SetPythonHomeApi.class, library);
    }

    static native void Py_SetPythonHome(long home);
}
