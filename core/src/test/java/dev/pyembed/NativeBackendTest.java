package dev.pyembed;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which native backend an engine uses, and how it is chosen: once per JVM. The build says which backend each of
 * its test executions must end up with ({@code pyembed.test.expected-backend}): on JDK 22+ the executions that run
 * against the multi-release jar must get FFM from AUTO, so a jar without its FFM classes fails here instead of
 * silently testing JNA twice.
 */
class NativeBackendTest {

    private static NativeBackend expected() {
        String expected = System.getProperty("pyembed.test.expected-backend");
        if (expected != null && !expected.isBlank()) {
            return NativeBackend.valueOf(expected);
        }
        return Runtime.version().feature() < 22 ? NativeBackend.JNA : null;
    }

    @Test
    void theEngineSaysWhichBackendItUsesInItsRuntime() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            NativeBackend backend = engine.nativeBackend();
            assertThat(backend).isIn(NativeBackend.FFM, NativeBackend.JNA);
            NativeBackend expected = expected();
            if (expected != null) {
                assertThat(backend).isEqualTo(expected);
            }
            assertThat(engine.runtime().nativeBackend()).isEqualTo(backend);
            assertThat(engine.runtime().toString()).endsWith("native backend " + backend);
            // and it works, both ways: Java to Python, Python to Java
            engine.register("twice", args -> 2 * (Long) args[0]);
            Object result = engine.withGil(gil -> gil.eval("(__import__('pyembed').twice(21), 'ü' * 3, b'\\x00\\xff')"));
            assertThat(result).asList().containsExactly(42L, "üüü", new byte[] {0, (byte) 0xff});
        }
    }

    @Test
    void theBackendIsChosenOncePerJvmByTheFirstEngine() {
        NativeBackend first;
        try (PythonEngine engine = TestEngines.builder().start()) {
            first = engine.nativeBackend();
        }
        NativeBackend other = first == NativeBackend.FFM ? NativeBackend.JNA : NativeBackend.FFM;
        PythonEngine refused = TestEngines.builder().nativeBackend(other).build();
        // FFM may also be unavailable here (Java 17, or the classes folder rather than the jar): that is said first
        assertThatThrownBy(refused::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining(NativeBackend.PROPERTY)
                .satisfiesAnyOf(e -> assertThat(e).hasMessageContaining("chosen once per JVM"),
                        e -> assertThat(e).hasMessageContaining("the FFM native backend was asked for, but"));
        assertThat(refused.state()).isEqualTo(EngineState.FAILED);
        for (NativeBackend fits : List.of(NativeBackend.AUTO, first)) {
            try (PythonEngine engine = TestEngines.builder().nativeBackend(fits).start()) {
                assertThat(engine.nativeBackend()).isEqualTo(first);
                Object answer = engine.withGil(gil -> gil.eval("6 * 7"));
                assertThat(answer).isEqualTo(42L);
            }
        }
    }

    @Test
    void askingForFfmBeforeJava22FailsSayingWhy() {
        assumeTrue(Runtime.version().feature() < 22, "this JVM has the FFM API");
        PythonEngine engine = TestEngines.builder().nativeBackend(NativeBackend.FFM).build();
        assertThatThrownBy(engine::start).isInstanceOf(PythonStartException.class)
                .hasMessageContaining("FFM native backend was asked for")
                .hasMessageContaining("Java " + Runtime.version().feature())
                .hasMessageContaining("Java 22+").hasMessageContaining(NativeBackend.PROPERTY);
        assertThat(engine.state()).isEqualTo(EngineState.FAILED);
    }

    @Test
    void theSystemPropertyIsParsedAndABadValueNamesTheChoices() {
        assertThat(NativeBackend.parse(" FFM ")).isEqualTo(NativeBackend.FFM);
        assertThat(NativeBackend.parse("jna")).isEqualTo(NativeBackend.JNA);
        assertThat(NativeBackend.parse("Auto")).isEqualTo(NativeBackend.AUTO);
        assertThatThrownBy(() -> NativeBackend.parse("jni")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jni'").hasMessageContaining("auto, ffm or jna")
                .hasMessageContaining(NativeBackend.PROPERTY);
    }

    @Test
    void stringsAndBytesOfAnySizeCrossBothWays() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            engine.runWithGil(gil -> {
                for (int size : new int[] {0, 1, 8191, 8192, 100_000, 3_000_000}) {
                    String text = "é".repeat(size / 2) + "x".repeat(size % 2);
                    byte[] bytes = new byte[size];
                    for (int i = 0; i < size; i++) {
                        bytes[i] = (byte) i;
                    }
                    PyObject identity = (PyObject) gil.eval("lambda x: x");
                    assertThat(identity.call(text)).isEqualTo(text);
                    assertThat(identity.call(bytes)).isEqualTo(bytes);
                    // a long source text: exec copies it to native memory before Python parses it
                    gil.exec("s = '" + "y".repeat(size) + "'");
                    assertThat(gil.eval("len(s)")).isEqualTo((long) size);
                    assertThat(gil.eval("{'k' * " + size + ": 1}")).isEqualTo(Map.of("k".repeat(size), 1L));
                }
            });
        }
    }

    @Test
    void pythonThreadsThatCallJavaLeaveNoJavaThreadBehind() throws InterruptedException {
        // JNA attaches such a thread for each call and detaches it after; the JDK's FFM upcalls attach it once and
        // detach it when the thread ends. Either way: 100 Python threads come and go, the JVM's thread count does not.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (PythonEngine engine = TestEngines.builder().start()) {
            engine.register("where", args -> Thread.currentThread().isDaemon(), false);
            int before = threads.getThreadCount();
            Object daemons = engine.withGil(gil -> {
                gil.exec("""
                        import threading, pyembed
                        daemons = []
                        def work():
                            daemons.append(pyembed.where())
                        for _ in range(100):
                            t = threading.Thread(target=work)
                            t.start()
                            t.join()
                        """);
                return gil.eval("daemons");
            });
            assertThat(daemons).asList().hasSize(100).containsOnly(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threads.getThreadCount() > before + 2 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a thread detaches as it exits, just after join()
            }
            assertThat(threads.getThreadCount()).isLessThanOrEqualTo(before + 2);
        }
    }

    @Test
    void javaCalledFromPythonCallsPythonAgainWithArgumentsOfItsOwn() {
        try (PythonEngine engine = TestEngines.builder().start()) {
            // Python -> Java (GIL kept) -> Python, nested three deep, with strings at every level
            engine.register("inner", args -> engine.withGil(gil -> gil.eval("'" + args[0] + "' + '-' * 9000 + 'inner'")),
                    false);
            Object result = engine.withGil(gil -> gil.eval(
                    "[__import__('pyembed').inner('outer' + str(i)) for i in range(3)] + ['" + "z".repeat(10_000) + "']"));
            assertThat(result).asList().hasSize(4).first().isEqualTo("outer0" + "-".repeat(9000) + "inner");
            assertThat(result).asList().last().isEqualTo("z".repeat(10_000));
        }
    }
}
