package dev.pyembed.internal.capi;

import com.sun.jna.NativeLibrary;
import dev.pyembed.PythonVersion;

/** {@link InitApi} through JNA direct mapping: registers only the classes whose functions this version has. */
final class JnaInitApi implements InitApi {

    JnaInitApi(NativeLibrary library, PythonVersion version) {
        LegacyInitApi.register(library);
        if (version.isAtLeast(3, 14)) {
            InitConfigApi.register(library);
        } else {
            SetPythonHomeApi.register(library);
        }
    }

    @Override public long PyInitConfig_Create() { return InitConfigApi.PyInitConfig_Create(); }
    @Override public void PyInitConfig_Free(long config) { InitConfigApi.PyInitConfig_Free(config); }
    @Override public int PyInitConfig_SetStr(long config, byte[] name, byte[] value) { return InitConfigApi.PyInitConfig_SetStr(config, name, value); }
    @Override public int PyInitConfig_SetInt(long config, byte[] name, long value) { return InitConfigApi.PyInitConfig_SetInt(config, name, value); }
    @Override public int PyInitConfig_GetError(long config, long[] message) { return InitConfigApi.PyInitConfig_GetError(config, message); }
    @Override public int Py_InitializeFromInitConfig(long config) { return InitConfigApi.Py_InitializeFromInitConfig(config); }
    @Override public void Py_InitializeEx(int installSigs) { LegacyInitApi.Py_InitializeEx(installSigs); }
    @Override public long Py_DecodeLocale(byte[] arg, long size) { return LegacyInitApi.Py_DecodeLocale(arg, size); }
    @Override public void Py_SetPythonHome(long home) { SetPythonHomeApi.Py_SetPythonHome(home); }
}
