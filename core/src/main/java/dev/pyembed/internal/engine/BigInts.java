package dev.pyembed.internal.engine;

import java.math.BigInteger;

/**
 * Big ints cross as hexadecimal text, in linear time both ways: Python's {@code str(int)} is refused beyond 4,300
 * digits ({@code sys.int_max_str_digits}) and quadratic below that; hex ({@code PyNumber_ToBase(x, 16)},
 * {@code int(s, 16)}) is neither. Java's own {@code BigInteger(String, 16)} is quadratic, so the digits are turned into
 * bytes here.
 */
public final class BigInts {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private BigInts() {
    }

    /** {@code text} as {@code PyNumber_ToBase(x, 16)} writes it: {@code 0x1f}, {@code -0x1f}. */
    public static BigInteger fromPythonHex(byte[] text) {
        int start = 0;
        boolean negative = text[0] == '-';
        if (negative) {
            start++;
        }
        start += 2; // "0x"
        int digits = text.length - start;
        byte[] magnitude = new byte[(digits + 1) / 2];
        int at = magnitude.length - 1;
        for (int i = text.length - 1; i >= start; i -= 2) {
            int low = digit(text[i]);
            int high = i - 1 >= start ? digit(text[i - 1]) : 0;
            magnitude[at--] = (byte) (high << 4 | low);
        }
        return new BigInteger(negative ? -1 : 1, magnitude);
    }

    /** NUL-terminated hex digits with a sign, for {@code PyLong_FromString(..., 16)}: {@code -1f}. */
    public static byte[] toPythonHex(BigInteger value) {
        byte[] magnitude = value.abs().toByteArray();
        int sign = value.signum() < 0 ? 1 : 0;
        byte[] text = new byte[sign + magnitude.length * 2 + 1];
        if (sign == 1) {
            text[0] = '-';
        }
        for (int i = 0; i < magnitude.length; i++) {
            text[sign + 2 * i] = HEX[(magnitude[i] >> 4) & 0xf];
            text[sign + 2 * i + 1] = HEX[magnitude[i] & 0xf];
        }
        return text; // the last byte stays 0: the terminator
    }

    private static int digit(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
