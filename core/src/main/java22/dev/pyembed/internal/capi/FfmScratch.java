package dev.pyembed.internal.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Per-thread native memory for the arguments of one downcall: the strings ({@code byte[]}) and out-parameters
 * ({@code long[]}, {@code int[]}) of {@link CApi}. The FFM API cannot pass a Java array to native code (the GC moves
 * it) except to critical functions, which must not run Python code: so arguments are copied here, and results back.
 *
 * <p>A stack, not one buffer: a downcall can run Python code that calls Java (an upcall) that makes downcalls of its
 * own on the same thread, while the outer call's arguments must stay intact. Each call takes a {@link #mark()},
 * allocates above it and {@link #reset(long) resets} to it when it returns. An argument that does not fit in the
 * thread's block gets memory of its own (a confined arena), freed at the reset. Nothing here is shared between
 * threads; the block of a thread that died is freed by the garbage collector (an automatic arena).
 */
final class FfmScratch {

    /** Holds any name, format string and short code or value; longer ones are allocated per call. */
    static final int BLOCK = 8 * 1024;
    private static final ThreadLocal<FfmScratch> CURRENT = ThreadLocal.withInitial(FfmScratch::new);

    // Referenced for as long as this thread's scratch is: the automatic arena frees the block after that.
    private final MemorySegment block = Arena.ofAuto().allocate(BLOCK, 16);
    private final long base = block.address();
    private int top;
    private Arena[] overflow = new Arena[4];
    private int overflowCount;

    static FfmScratch get() {
        return CURRENT.get();
    }

    /** Where this thread's stack is now: pass it to {@link #reset(long)} when the call returns. */
    long mark() {
        return ((long) overflowCount << 32) | top;
    }

    /** Frees what was allocated since {@code mark}. */
    void reset(long mark) {
        top = (int) mark;
        int keep = (int) (mark >>> 32);
        while (overflowCount > keep) {
            Arena arena = overflow[--overflowCount];
            overflow[overflowCount] = null;
            arena.close();
        }
    }

    /** A NUL-terminated copy of {@code bytes} (the NUL is extra: the C API gets the array's bytes, then 0), or 0. */
    long copy(byte[] bytes) {
        if (bytes == null) {
            return 0;
        }
        long target = allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, FfmCApi.ALL, JAVA_BYTE, target, bytes.length);
        FfmCApi.ALL.set(JAVA_BYTE, target + bytes.length, (byte) 0);
        return target;
    }

    /** A copy of {@code values} for the callee to read and write, or 0 for null. */
    long copyIn(long[] values) {
        if (values == null) {
            return 0;
        }
        long target = allocate((long) values.length * Long.BYTES);
        MemorySegment.copy(values, 0, FfmCApi.ALL, JAVA_LONG_UNALIGNED, target, values.length);
        return target;
    }

    long copyIn(int[] values) {
        if (values == null) {
            return 0;
        }
        long target = allocate((long) values.length * Integer.BYTES);
        MemorySegment.copy(values, 0, FfmCApi.ALL, JAVA_INT_UNALIGNED, target, values.length);
        return target;
    }

    /** Copies what the callee wrote at {@code address} (from {@link #copyIn(long[])}) back into {@code values}. */
    void copyOut(long address, long[] values) {
        if (values != null) {
            MemorySegment.copy(FfmCApi.ALL, JAVA_LONG_UNALIGNED, address, values, 0, values.length);
        }
    }

    void copyOut(long address, int[] values) {
        if (values != null) {
            MemorySegment.copy(FfmCApi.ALL, JAVA_INT_UNALIGNED, address, values, 0, values.length);
        }
    }

    /** The address of {@code size} bytes, 8-aligned, valid until the reset to a mark taken before. */
    private long allocate(long size) {
        long start = (top + 7) & ~7L;
        if (start + size <= BLOCK) {
            top = (int) (start + size);
            return base + start;
        }
        Arena arena = Arena.ofConfined();
        if (overflowCount == overflow.length) {
            overflow = Arrays.copyOf(overflow, overflowCount * 2);
        }
        overflow[overflowCount++] = arena;
        return arena.allocate(Math.max(size, 1), 8).address();
    }
}
