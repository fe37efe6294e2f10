package dev.pyembed.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@link BufferApi} through JNA direct mapping; its windows are plain direct buffers, which cannot be revoked. */
final class JnaBufferApi implements BufferApi {

    JnaBufferApi(NativeLibrary library) {
        Native.register(Natives.class, library);
    }

    @Override public int PyObject_CheckBuffer(long obj) { return Natives.PyObject_CheckBuffer(obj); }
    @Override public int PyObject_GetBuffer(long obj, long view, int flags) { return Natives.PyObject_GetBuffer(obj, view, flags); }
    @Override public void PyBuffer_Release(long view) { Natives.PyBuffer_Release(view); }
    @Override public long PyMem_RawCalloc(long count, long size) { return Natives.PyMem_RawCalloc(count, size); }
    @Override public void PyMem_RawFree(long pointer) { Natives.PyMem_RawFree(pointer); }

    @Override
    public NativeWindow window(long address, long length, boolean revocable) {
        return new Window(address, length);
    }

    @Override
    public long directBufferAddress(Buffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    private record Window(long address, long length) implements NativeWindow {
        @Override
        public ByteBuffer bytes() {
            return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
        }

        @Override
        public Object segment() {
            return null;
        }

        @Override
        public boolean revocable() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private static final class Natives {
        private Natives() {
        }

        static native int PyObject_CheckBuffer(long obj);
        static native int PyObject_GetBuffer(long obj, long view, int flags);
        static native void PyBuffer_Release(long view);
        static native long PyMem_RawCalloc(long count, long size);
        static native void PyMem_RawFree(long pointer);
    }
}
