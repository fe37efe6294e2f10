package dev.pyembed.internal.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link BufferApi} through FFM. A revocable window is a segment of a shared arena: closing it makes every buffer
 * taken from it throw {@link IllegalStateException}, from any thread (a confined arena could not be closed by the
 * Cleaner thread that ends an unclosed {@code PyBuffer}).
 */
final class FfmBufferApi implements BufferApi {

    private static final class H {
        static final MethodHandle PyObject_CheckBuffer = FfmCApi.downcall("PyObject_CheckBuffer", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle PyObject_GetBuffer = FfmCApi.downcall("PyObject_GetBuffer", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle PyBuffer_Release = FfmCApi.downcall("PyBuffer_Release", FunctionDescriptor.ofVoid(JAVA_LONG));
        static final MethodHandle PyMem_RawCalloc = FfmCApi.downcall("PyMem_RawCalloc", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyMem_RawFree = FfmCApi.downcall("PyMem_RawFree", FunctionDescriptor.ofVoid(JAVA_LONG));

        private H() {
        }
    }

    @Override
    public int PyObject_CheckBuffer(long obj) {
        try {
            return (int) H.PyObject_CheckBuffer.invokeExact(obj);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public int PyObject_GetBuffer(long obj, long view, int flags) {
        try {
            return (int) H.PyObject_GetBuffer.invokeExact(obj, view, flags);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public void PyBuffer_Release(long view) {
        try {
            H.PyBuffer_Release.invokeExact(view);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public long PyMem_RawCalloc(long count, long size) {
        try {
            return (long) H.PyMem_RawCalloc.invokeExact(count, size);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public void PyMem_RawFree(long pointer) {
        try {
            H.PyMem_RawFree.invokeExact(pointer);
        } catch (Throwable e) {
            throw FfmCApi.unexpected(e);
        }
    }

    @Override
    public NativeWindow window(long address, long length, boolean revocable) {
        if (!revocable) {
            return new Window(MemorySegment.ofAddress(address).reinterpret(length), null);
        }
        Arena arena = Arena.ofShared();
        return new Window(MemorySegment.ofAddress(address).reinterpret(length, arena, null), arena);
    }

    @Override
    public long directBufferAddress(Buffer buffer) {
        return MemorySegment.ofBuffer(buffer.duplicate().clear()).address();
    }

    /** {@code arena} is null for a window that is not revocable. */
    private record Window(MemorySegment memory, Arena arena) implements NativeWindow {
        @Override
        public ByteBuffer bytes() {
            return memory.asByteBuffer().order(ByteOrder.nativeOrder());
        }

        @Override
        public Object segment() {
            return memory;
        }

        @Override
        public boolean revocable() {
            return arena != null;
        }

        @Override
        public void close() {
            if (arena != null && memory.scope().isAlive()) {
                arena.close();
            }
        }
    }
}
