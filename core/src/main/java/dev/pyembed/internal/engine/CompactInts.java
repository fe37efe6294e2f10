package dev.pyembed.internal.engine;

import dev.pyembed.PythonVersion;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.gil.GilHeld;

/**
 * Reads an exact {@code int} of at most two digits (|value| < 2^60) straight from its memory, without a native call:
 * two reads instead of {@code PyLong_AsLongLong} (through JNA ~20 ns instead of ~45 ns; most ints a Python function
 * returns are that small). The layout is CPython's own and differs by version, so it is used only where it is known:
 * <ul>
 *   <li>3.10, 3.11: {@code ob_size} at offset 16 is the signed number of digits;</li>
 *   <li>3.12 to 3.14: {@code lv_tag} at offset 16 holds the number of digits above 3 flag bits and the sign in its two
 *   low bits (0 positive, 1 zero, 2 negative);</li>
 * </ul>
 * the digits follow at offset 24, 30 bits in 32 each ({@code sys.int_info} must say so). Other versions and digit
 * sizes, and larger ints, take {@code PyLong_AsLongLong}. Called with the GIL held, on an object Java holds a
 * reference to (the memory cannot change or go away meanwhile).
 */
public final class CompactInts {

    private static final long SIZE_OFFSET = 16; // after ob_refcnt and ob_type
    private static final long DIGITS_OFFSET = 24;
    private static final int DIGIT_BITS = 30;
    private static final long DIGIT_MASK = 0xFFFF_FFFFL;

    private final boolean taggedLayout;

    private CompactInts(boolean taggedLayout) {
        this.taggedLayout = taggedLayout;
    }

    /** The reader for this CPython, or null when its layout is not one of the known ones. */
    public static CompactInts forLayout(PythonVersion version, int bitsPerDigit, int sizeofDigit) {
        if (bitsPerDigit != DIGIT_BITS || sizeofDigit != Integer.BYTES || !version.isAtLeast(3, 10)
                || version.isAtLeast(3, 15)) {
            return null;
        }
        return new CompactInts(version.isAtLeast(3, 12));
    }

    /** The value of the exact int {@code obj}, or null when it has more than two digits. */
    public Long read(GilHeld gil, long obj) {
        CApi api = gil.api();
        long size = api.readPointer(obj + SIZE_OFFSET);
        long digits = taggedLayout ? size >>> 3 : Math.abs(size);
        if (digits > 2) {
            return null;
        }
        boolean negative = taggedLayout ? (size & 3) == 2 : size < 0;
        long value = digits == 0 ? 0 : api.readInt(obj + DIGITS_OFFSET) & DIGIT_MASK;
        if (digits == 2) {
            value |= (api.readInt(obj + DIGITS_OFFSET + Integer.BYTES) & DIGIT_MASK) << DIGIT_BITS;
        }
        return negative ? -value : value;
    }
}
