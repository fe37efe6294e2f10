package dev.pyembed.internal.capi;

import java.nio.Buffer;

/**
 * Python's buffer protocol (PEP 3118) and windows on native memory: what lets arrays cross without a copy.
 * Reached through {@link CApi#buffers()}, so the "GIL held" functions come from a {@code GilHeld} token as every
 * other C API call does.
 *
 * <p><b>GIL rules.</b> {@link #PyObject_CheckBuffer}, {@link #PyObject_GetBuffer} and {@link #PyBuffer_Release} need
 * the GIL held by the calling thread. {@code PyMem_RawCalloc}/{@code PyMem_RawFree} are documented by CPython as
 * callable without it. {@link #window} and {@link #directBufferAddress} make no C API call at all.
 */
public interface BufferApi {

    int PyBUF_WRITABLE = 0x0001;
    int PyBUF_FORMAT = 0x0004;
    int PyBUF_ND = 0x0008;
    int PyBUF_STRIDES = 0x0010 | PyBUF_ND;
    /** Shape, strides and format; writable or not, as the exporter has it ({@code readonly} says which). */
    int PyBUF_RECORDS_RO = PyBUF_STRIDES | PyBUF_FORMAT;

    /** {@code sizeof(Py_buffer)} on 64-bit platforms, the same from 3.10 to 3.14, and its field offsets. */
    long PY_BUFFER_SIZE = 80;
    long BUF = 0;
    long OBJ = 8;
    long LEN = 16;
    long ITEMSIZE = 24;
    long READONLY = 32;
    long NDIM = 36;
    long FORMAT = 40;
    long SHAPE = 48;
    long STRIDES = 56;
    long SUBOFFSETS = 64;

    // ---- GIL held ----

    /** 1 when {@code obj} supports the buffer protocol. */
    int PyObject_CheckBuffer(long obj);

    /** Fills the {@code Py_buffer} at {@code view}; 0, or -1 with an error set. */
    int PyObject_GetBuffer(long obj, long view, int flags);

    /** Releases what {@link #PyObject_GetBuffer} filled in (the exporter's export count, the reference to it). */
    void PyBuffer_Release(long view);

    // ---- no GIL needed ----

    /** Zeroed memory from CPython's raw allocator, or 0. */
    long PyMem_RawCalloc(long count, long size);

    void PyMem_RawFree(long pointer);

    // ---- no C API call ----

    /**
     * A window on the {@code length} bytes at {@code address}. A {@code revocable} one (the FFM backend) makes every
     * buffer taken from it throw {@link IllegalStateException} once it is closed; the JNA backend's windows cannot be
     * revoked ({@link NativeWindow#revocable()} is false), so their memory must outlive every buffer taken from them.
     */
    NativeWindow window(long address, long length, boolean revocable);

    /** The address of element 0 of a direct buffer (its position not counted). */
    long directBufferAddress(Buffer buffer);
}
