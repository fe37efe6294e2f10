package dev.pyembed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Arrays between Java and Python without a copy: the buffer protocol both ways, and numpy on top of it. */
class BufferTest {

    private static PythonEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.builder().start();
        engine.runWithGil(gil -> gil.exec("""
                def zc_try_grow(b):
                    try:
                        b.extend(b'!')
                        return True
                    except BufferError:
                        return False
                """));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    // ---- Python to Java ----

    @Test
    void bytesExportReadOnlyBytes() {
        engine.runWithGil(gil -> {
            try (PyObject bytes = gil.evalObject("b'abc'"); PyBuffer buffer = bytes.buffer()) {
                assertThat(buffer.format()).isEqualTo("B");
                assertThat(buffer.isReadOnly()).isTrue();
                assertThat(buffer.shape()).containsExactly(3);
                assertThat(buffer.toByteArray()).containsExactly('a', 'b', 'c');
                ByteBuffer view = buffer.asByteBuffer();
                assertThat(view.isReadOnly()).isTrue();
                assertThat(view.get(2)).isEqualTo((byte) 'c');
            }
        });
    }

    @Test
    void writesThroughAViewAreWritesOfThePythonObject() {
        engine.runWithGil(gil -> {
            gil.exec("import array\nzc_doubles = array.array('d', [1.5, 2.5, 3.5])");
            try (PyObject array = gil.evalObject("zc_doubles"); PyBuffer buffer = array.buffer()) {
                assertThat(buffer.format()).isEqualTo("d");
                assertThat(buffer.itemSize()).isEqualTo(8);
                assertThat(buffer.strides()).containsExactly(8);
                DoubleBuffer view = buffer.asDoubleBuffer();
                assertThat(view.get(1)).isEqualTo(2.5);
                view.put(0, 9.25);
                assertThat(gil.eval("zc_doubles[0]")).isEqualTo(9.25);
                gil.exec("zc_doubles[2] = -1.0");
                assertThat(view.get(2)).isEqualTo(-1.0);
            }
        });
    }

    @Test
    void aStridedViewIsRefusedNamingTheFix() {
        engine.runWithGil(gil -> {
            try (PyObject strided = gil.evalObject("memoryview(__import__('array').array('d', range(10)))[::2]")) {
                assertThatThrownBy(strided::buffer).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not C-contiguous").hasMessageContaining("np.ascontiguousarray");
            }
            // the refused export was released: the array can grow again
            gil.exec("zc_grow = __import__('array').array('d', range(4))\nzc_view = memoryview(zc_grow)[::2]");
            try (PyObject strided = gil.evalObject("zc_view")) {
                assertThatThrownBy(strided::buffer).isInstanceOf(IllegalArgumentException.class);
            }
            gil.exec("zc_view.release()\nzc_grow.append(9.0)");
            assertThat(gil.eval("len(zc_grow)")).isEqualTo(5L);
        });
    }

    @Test
    void aViewOfTheWrongItemTypeIsRefused() {
        engine.runWithGil(gil -> {
            try (PyObject ints = gil.evalObject("__import__('array').array('i', [1, 2])"); PyBuffer buffer = ints.buffer()) {
                assertThat(buffer.asIntBuffer().get(1)).isEqualTo(2);
                assertThatThrownBy(buffer::asDoubleBuffer).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("format 'i'");
            }
        });
    }

    @Test
    void aClosedBufferGivesNoViewsAndEndsTheExport() {
        engine.runWithGil(gil -> {
            gil.exec("zc_bytes = bytearray(b'12345678')");
            PyBuffer buffer;
            try (PyObject array = gil.evalObject("zc_bytes")) {
                buffer = array.buffer();
            }
            assertThatThrownBy(() -> gil.exec("zc_bytes.extend(b'9')")).isInstanceOf(PythonException.class)
                    .hasMessageContaining("BufferError"); // exported: Python may not move the memory
            buffer.close();
            assertThatThrownBy(buffer::asByteBuffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            gil.exec("zc_bytes.extend(b'9')"); // no view was taken: the export ended at close
            assertThat(gil.eval("len(zc_bytes)")).isEqualTo(9L);
        });
    }

    @Test
    void aViewKeptPastCloseNeverReadsFreedMemory() {
        engine.runWithGil(gil -> gil.exec("zc_kept = bytearray(b'abcdefgh')"));
        ByteBuffer[] view = {engine.withGil(gil -> {
            try (PyObject array = gil.evalObject("zc_kept"); PyBuffer buffer = array.buffer()) {
                return buffer.asByteBuffer();
            }
        })}; // an array, so that the test can drop its own reference
        if (engine.nativeBackend() == NativeBackend.FFM) {
            // revoked at close
            assertThatThrownBy(() -> view[0].get(0)).isInstanceOf(IllegalStateException.class);
            assertThat(eval("zc_try_grow(zc_kept)")).isEqualTo(true);
        } else {
            // JNA cannot revoke a view: the export lasts while it is reachable, so the memory cannot move or be freed
            assertThat(view[0].get(0)).isEqualTo((byte) 'a');
            assertThat(eval("zc_try_grow(zc_kept)")).isEqualTo(false);
            WeakReference<ByteBuffer> collected = new WeakReference<>(view[0]);
            view[0] = null;
            awaitCollected(collected);
            awaitTrue(() -> engine.withGil(gil -> (Boolean) gil.eval("zc_try_grow(zc_kept)")), "the export ended");
        }
    }

    @Test
    void unclosedBuffersAreEndedAfterCollection() {
        engine.runWithGil(gil -> gil.exec("zc_lost = bytearray(16)"));
        engine.runWithGil(gil -> {
            try (PyObject array = gil.evalObject("zc_lost")) {
                assertThat(array.buffer().byteLength()).isEqualTo(16); // never closed, no view taken
            }
        });
        assertThat(eval("zc_try_grow(zc_lost)")).isEqualTo(false);
        awaitTrue(() -> {
            System.gc();
            return engine.withGil(gil -> (Boolean) gil.eval("zc_try_grow(zc_lost)"));
        }, "the lost buffer's export ended");
    }

    @Test
    void bufferProtocolCopiesAreRight() {
        engine.runWithGil(gil -> {
            try (PyObject doubles = gil.evalObject("__import__('array').array('d', [0.5, 1.5])");
                 PyObject longs = gil.evalObject("__import__('array').array('q', [7, -8])")) {
                assertThat(doubles.toDoubleArray()).containsExactly(0.5, 1.5);
                assertThat(longs.toLongArray()).containsExactly(7L, -8L);
            }
            try (PyObject list = gil.evalObject("[1.0, 2.0]")) {
                assertThat(list.toDoubleArray()).containsExactly(1.0, 2.0); // not a buffer: the Python path
            }
        });
    }

    // ---- Java to Python ----

    @Test
    void aDirectBufferBecomesAMemoryViewWithoutACopy() {
        DoubleBuffer doubles = ByteBuffer.allocateDirect(4 * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        doubles.put(new double[] {1, 2, 3, 4}).flip();
        engine.runWithGil(gil -> {
            try (PyObject view = gil.memoryView(doubles)) {
                gil.exec("zc_jview = None");
                try (PyObject main = gil.importModule("__main__")) {
                    main.setAttr("zc_jview", view);
                }
                assertThat(gil.eval("(zc_jview.format, zc_jview.shape, zc_jview.readonly, sum(zc_jview))"))
                        .isEqualTo(List.of("d", List.of(4L), false, 10.0));
                gil.exec("zc_jview[1] = 20.0");
                assertThat(doubles.get(1)).isEqualTo(20.0);
                doubles.put(3, 40.0);
                assertThat(gil.eval("zc_jview[3]")).isEqualTo(40.0);
                gil.exec("del zc_jview");
            }
        });
    }

    @Test
    void shapePositionAndReadOnlyAreKept() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(8);
        for (int i = 0; i < 8; i++) {
            bytes.put(i, (byte) i);
        }
        bytes.position(2);
        engine.runWithGil(gil -> {
            try (PyObject view = gil.memoryView(bytes.asReadOnlyBuffer(), 2, 3);
                 PyObject main = gil.importModule("__main__")) {
                main.setAttr("zc_ro", view);
                assertThat(gil.eval("(zc_ro.shape, zc_ro.tolist(), zc_ro.readonly)"))
                        .isEqualTo(List.of(List.of(2L, 3L), List.of(List.of(2L, 3L, 4L), List.of(5L, 6L, 7L)), true));
                assertThatThrownBy(() -> gil.exec("zc_ro[0, 0] = 1")).isInstanceOf(PythonException.class)
                        .hasMessageContaining("read-only");
                gil.exec("del zc_ro");
            }
        });
    }

    @Test
    void buffersPythonCannotReadAreRefusedSayingWhy() {
        engine.runWithGil(gil -> {
            assertThatThrownBy(() -> gil.memoryView(DoubleBuffer.allocate(3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("direct buffer").hasMessageContaining("gil.ndarray");
            assertThatThrownBy(() -> gil.memoryView(ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN).asLongBuffer()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nativeOrder");
            assertThatThrownBy(() -> gil.memoryView(ByteBuffer.allocateDirect(6), 4, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 8 items");
        });
    }

    @Test
    void theJavaBufferLivesWhilePythonHoldsAnyViewOfIt() {
        WeakReference<ByteBuffer> javaSide = engine.withGil(gil -> {
            ByteBuffer memory = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
            memory.asLongBuffer().put(new long[] {1, 2, 3, 4, 5, 6, 7, 8});
            try (PyObject view = gil.memoryView(memory.asLongBuffer()); PyObject main = gil.importModule("__main__")) {
                main.setAttr("zc_view", view);
                gil.exec("zc_slice = zc_view[4:]\ndel zc_view"); // only a view derived from it is left
            }
            return new WeakReference<>(memory);
        });
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        assertThat(javaSide.get()).as("kept alive by Python's view").isNotNull();
        assertThat(eval("sum(zc_slice)")).isEqualTo(26L);
        engine.runWithGil(gil -> gil.exec("del zc_slice"));
        awaitCollected(javaSide);
    }

    @Test
    void gcPressureWhileViewsAreAlive() {
        engine.runWithGil(gil -> gil.exec("import array"));
        for (int round = 0; round < 200; round++) {
            int n = round;
            engine.runWithGil(gil -> {
                List<PyBuffer> open = new ArrayList<>();
                try {
                    for (int i = 0; i < 5; i++) {
                        try (PyObject temporary = gil.evalObject("array.array('q', range(" + n + ", " + (n + 100) + "))")) {
                            open.add(temporary.buffer());
                        }
                    }
                    if (n % 20 == 0) {
                        System.gc();
                    }
                    for (PyBuffer buffer : open) {
                        LongBuffer longs = buffer.asLongBuffer();
                        assertThat(longs.get(0)).isEqualTo(n);
                        assertThat(longs.get(99)).isEqualTo(n + 99L);
                    }
                } finally {
                    open.forEach(PyBuffer::close);
                }
            });
        }
    }

    // ---- numpy ----

    @Test
    void numpyRoundTripsOfEveryCommonDtype() {
        assumeNumpy();
        engine.runWithGil(gil -> {
            gil.exec("import numpy as np");
            for (String dtype : List.of("float64", "float32", "int64", "int32", "uint8")) {
                try (PyObject array = gil.evalObject("np.arange(12, dtype='" + dtype + "').reshape(3, 4)");
                     PyBuffer buffer = array.buffer()) {
                    assertThat(buffer.shape()).as(dtype).containsExactly(3, 4);
                    assertThat(buffer.isReadOnly()).isFalse();
                    ByteBuffer bytes = buffer.asByteBuffer();
                    switch (dtype) {
                        case "float64" -> assertThat(buffer.asDoubleBuffer().get(11)).isEqualTo(11.0);
                        case "float32" -> assertThat(buffer.asFloatBuffer().get(11)).isEqualTo(11.0f);
                        case "int64" -> assertThat(buffer.asLongBuffer().get(11)).isEqualTo(11L);
                        case "int32" -> assertThat(buffer.asIntBuffer().get(11)).isEqualTo(11);
                        default -> assertThat(bytes.get(11)).isEqualTo((byte) 11);
                    }
                    assertThat(buffer.strides()[1]).isEqualTo(buffer.itemSize());
                    assertThat(buffer.strides()[0]).isEqualTo(4L * buffer.itemSize());
                }
            }
            DoubleBuffer matrix = ByteBuffer.allocateDirect(6 * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            matrix.put(new double[] {1, 2, 3, 4, 5, 6}).flip();
            try (PyObject view = gil.memoryView(matrix, 2, 3); PyObject np = gil.importModule("numpy");
                 PyObject asArray = np.getAttr("asarray");
                 PyObject wrapped = (PyObject) asArray.call(view)) {
                try (PyObject main = gil.importModule("__main__")) {
                    main.setAttr("zc_np", wrapped);
                }
                assertThat(gil.eval("(str(zc_np.dtype), zc_np.shape, float(zc_np[1, 2]), bool(zc_np.flags.owndata))"))
                        .isEqualTo(List.of("float64", List.of(2L, 3L), 6.0, false));
                gil.exec("zc_np *= 10");
                assertThat(matrix.get(5)).isEqualTo(60.0);
                gil.exec("del zc_np");
            }
        });
    }

    @Test
    void javaArraysBecomeNdarraysInOneCopy() {
        assumeNumpy();
        engine.runWithGil(gil -> {
            try (PyObject doubles = gil.ndarray(new double[] {1.5, 2.5}); PyObject longs = gil.ndarray(new long[] {3, 4});
                 PyObject ints = gil.ndarray(new int[] {5}); PyObject floats = gil.ndarray(new float[] {6.5f});
                 PyObject main = gil.importModule("__main__")) {
                main.setAttr("zc_a", doubles);
                main.setAttr("zc_b", longs);
                main.setAttr("zc_c", ints);
                main.setAttr("zc_d", floats);
                assertThat(gil.eval("[str(x.dtype) for x in (zc_a, zc_b, zc_c, zc_d)]"))
                        .isEqualTo(List.of("float64", "int64", "int32", "float32"));
                assertThat(gil.eval("float(zc_a.sum() + zc_b.sum() + zc_c.sum() + zc_d.sum())")).isEqualTo(22.5);
                gil.exec("del zc_a, zc_b, zc_c, zc_d");
            }
        });
    }

    @Test
    void ndarraysConvertToJavaArraysIncludingStridedOnes() {
        assumeNumpy();
        engine.runWithGil(gil -> {
            gil.exec("import numpy as np");
            try (PyObject array = gil.evalObject("np.linspace(0, 1, 5)");
                 PyObject strided = gil.evalObject("np.arange(10.0)[::3]");
                 PyObject ints = gil.evalObject("np.arange(4)")) {
                assertThat(array.as(double[].class)).containsExactly(0, 0.25, 0.5, 0.75, 1);
                assertThat(strided.toDoubleArray()).containsExactly(0, 3, 6, 9); // not contiguous: through Python
                assertThat(ints.toLongArray()).containsExactly(0, 1, 2, 3);
            }
        });
    }

    @Test
    void numpyKeepsAJavaMemoryViewAliveAfterTheScopeEnded() {
        assumeNumpy();
        WeakReference<ByteBuffer> javaSide = engine.withGil(gil -> {
            ByteBuffer memory = ByteBuffer.allocateDirect(3 * Double.BYTES).order(ByteOrder.nativeOrder());
            memory.asDoubleBuffer().put(new double[] {1, 2, 3});
            try (PyObject view = gil.memoryView(memory.asDoubleBuffer()); PyObject main = gil.importModule("__main__")) {
                main.setAttr("zc_tmp", view);
                gil.exec("import numpy as np\nzc_held = np.frombuffer(zc_tmp, dtype=np.float64)[1:]\ndel zc_tmp");
            }
            return new WeakReference<>(memory);
        });
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        assertThat(javaSide.get()).isNotNull();
        assertThat(eval("float(zc_held.sum())")).isEqualTo(5.0);
        engine.runWithGil(gil -> gil.exec("del zc_held"));
        awaitCollected(javaSide);
    }

    private static Object eval(String expression) {
        return engine.withGil(gil -> gil.eval(expression));
    }

    private static void assumeNumpy() {
        Object hasNumpy = engine.withGil(gil -> gil.eval("__import__('importlib.util').util.find_spec('numpy') is not None"));
        assumeTrue(Boolean.TRUE.equals(hasNumpy), "numpy is not importable in " + engine.runtime());
    }

    private static void awaitCollected(WeakReference<?> reference) {
        awaitTrue(() -> {
            System.gc();
            return reference.get() == null;
        }, "collected");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // polls a condition
        }
    }
}
