package dev.pyembed.internal.capi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Java strings to the NUL-terminated UTF-8 that the C API takes. */
public final class Utf8 {

    private Utf8() {
    }

    public static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }
}
