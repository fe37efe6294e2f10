package dev.pyembed.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The pre-PEP 741 initialization functions that exist on every supported version (3.10+), called once on the
 * lifecycle thread before the interpreter exists. {@code Py_SetPythonHome} is bound separately
 * ({@link SetPythonHomeApi}): deprecated, it is called only where PEP 741 is missing (3.10 to 3.13).
 */
final class LegacyInitApi {

    private LegacyInitApi() {
    }

    static void register(NativeLibrary library) {
        Native.register(LegacyInitApi.class, library);
    }

    /** Initializes without installing signal handlers when {@code installSigs} is 0 (the JVM owns signals). */
    static native void Py_InitializeEx(int installSigs);

    /** A wchar_t* that CPython may keep (it is never freed: Py_SetPythonHome stores the pointer). */
    static native long Py_DecodeLocale(byte[] arg, long size);
}
