package dev.pyembed.internal.capi;

import java.nio.ByteBuffer;

/** Native memory seen from Java, made by {@link BufferApi#window}. */
public interface NativeWindow extends AutoCloseable {

    /** The whole window as a direct buffer in native byte order (a new buffer object each call). */
    ByteBuffer bytes();

    /** The window as a {@code java.lang.foreign.MemorySegment} on the FFM backend; null on JNA. */
    Object segment();

    /** Whether {@link #close()} makes every buffer taken from {@link #bytes()} throw instead of reading the memory. */
    boolean revocable();

    /** Revokes a revocable window (callable from any thread); does nothing for the others. */
    @Override
    void close();
}
