package dev.pyembed.spring;

import dev.pyembed.RuntimeSelection;

import dev.pyembed.PythonEngine;

import java.util.Locale;

/** The runtime the tests run on: {@code -Dpyembed.test.runtime} (the build sets {@code embedded}). */
public final class TestRuntime {

    private TestRuntime() {
    }

    public static String name() {
        return System.getProperty("pyembed.test.runtime", "embedded").toLowerCase(Locale.ROOT);
    }

    public static RuntimeSelection selection() {
        return RuntimeSelection.valueOf(name().toUpperCase(Locale.ROOT));
    }

    /** {@code pyembed.runtime=...} for property lists. */
    public static String property() {
        return "pyembed.runtime=" + name();
    }

    public static boolean embedded() {
        return selection() == RuntimeSelection.EMBEDDED;
    }

    /** {@code eval(expression)} in a GIL scope, as an Object (so that AssertJ picks {@code assertThat(Object)}). */
    public static Object eval(PythonEngine engine, String expression) {
        return engine.<Object>withGil(gil -> gil.eval(expression));
    }
}
