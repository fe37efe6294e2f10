package dev.pyembed;

/**
 * Who takes the GIL, for listeners and status: the thread, where the scope comes from, and an optional
 * low-cardinality label (e.g. {@code RiskService.score} for a {@code @WithGil} method).
 *
 * @param thread the Java thread
 * @param origin {@link #JAVA} for Java code, {@link #CALLBACK} for Java called from Python on a Java thread,
 *               {@link #PYTHON_THREAD} for Java called from a thread Python created
 * @param label  a bounded name of what runs, or {@code null}
 */
public record GilScopeInfo(Thread thread, String origin, String label) {

    public static final String JAVA = "java";
    public static final String CALLBACK = "callback";
    public static final String PYTHON_THREAD = "python-thread";
}
