package dev.pyembed.internal.capi;

/**
 * The functions that initialize the interpreter, called once on the lifecycle thread before it exists (no GIL
 * involved). Which of them a libpython has depends on its version: PEP 741's {@code PyInitConfig_*} from 3.14,
 * {@code Py_SetPythonHome} up to 3.13; {@link LibPython} calls only those the loaded version has.
 */
interface InitApi {

    // ---- 3.14+ (PEP 741) ----

    long PyInitConfig_Create();

    void PyInitConfig_Free(long config);

    int PyInitConfig_SetStr(long config, byte[] name, byte[] value);

    int PyInitConfig_SetInt(long config, byte[] name, long value);

    /** Writes a {@code const char*} owned by the config to {@code message[0]}. */
    int PyInitConfig_GetError(long config, long[] message);

    int Py_InitializeFromInitConfig(long config);

    // ---- every supported version ----

    /** Initializes without installing signal handlers when {@code installSigs} is 0 (the JVM owns signals). */
    void Py_InitializeEx(int installSigs);

    /** A wchar_t* that CPython may keep (it is never freed: Py_SetPythonHome stores the pointer). */
    long Py_DecodeLocale(byte[] arg, long size);

    // ---- 3.10 to 3.13 ----

    void Py_SetPythonHome(long home);
}
