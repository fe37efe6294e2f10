package dev.pyembed.internal.engine;

/**
 * Whether the Java thread has stack left for one more Java -> Python -> Java round. Java code and CPython's C frames
 * share the thread's stack; when Python calls back into Java with too little of it left, the JVM throws
 * {@code StackOverflowError} in the frames that enter Java from native code, where nothing can catch it (the FFM
 * backend aborts the JVM; JNA reports it in the middle of its own dispatch). So a nested callback first checks that
 * {@link #MARGIN_BYTES} are free beyond the JVM's own reserve (the shadow zone every Java method entry checks): a
 * round measured 7-11 KiB. No Java API tells where a thread's stack ends, so the check descends that far in Java
 * frames and catches the {@code StackOverflowError} itself, where enough stack is left to report it.
 */
public final class StackHeadroom {

    /** The first nested callbacks are not checked (they cost nothing more); from this one on, each is. */
    public static final int CHECKED_FROM = 4;

    /** Beyond the JVM's own reserve (its shadow zone, 80 KiB on Linux x64). */
    public static final int MARGIN_BYTES = 32 * 1024;

    /** One probe frame holds 40 stack-passed ints: ~580 bytes measured, interpreted and compiled alike. */
    private static final int PROBE_FRAMES = MARGIN_BYTES / 512;

    private StackHeadroom() {
    }

    /** True when another round fits; false when the thread is within {@link #MARGIN_BYTES} of overflowing. */
    public static boolean hasRoom() {
        try {
            return descend(PROBE_FRAMES, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39) == PROBE_FRAMES;
        } catch (StackOverflowError tooDeep) {
            return false;
        }
    }

    // Forty ints: far more than the registers that carry arguments, so each frame passes most of them on the stack,
    // and a frame takes about the same room whether the method runs interpreted or compiled.
    private static int descend(int frames, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8,
            int a9, int a10, int a11, int a12, int a13, int a14, int a15, int a16, int a17, int a18, int a19, int a20,
            int a21, int a22, int a23, int a24, int a25, int a26, int a27, int a28, int a29, int a30, int a31,
            int a32, int a33, int a34, int a35, int a36, int a37, int a38, int a39) {
        if (frames == 0) {
            return 0;
        }
        return 1 + descend(frames - 1, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17,
                a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, a30, a31, a32, a33, a34, a35, a36, a37,
                a38, a39, a0);
    }
}
