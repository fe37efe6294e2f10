package dev.pyembed.numpy;

import com.sun.jna.internal.Cleaner;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.PythonInterpreterPool;
import dev.pyembed.PythonPackage;
import dev.pyembed.RuntimeSelection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * numpy from pyembed-numpy (org.bytedeco:numpy + openblas on the test class path) on the embedded CPython 3.14, no
 * Python installation involved: found, extracted, its libraries preloaded, imported after forced garbage collections,
 * computing from several Java threads at once, and crossing to Java as Java values.
 */
class NumpyOnEmbeddedRuntimeTest {

    private static PythonEngine engine;

    @BeforeAll
    static void startThenCollectGarbageBeforeTheFirstImport() throws InterruptedException {
        engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).shutdownTimeout(Duration.ofSeconds(10)).start();
        // JNA closes a NativeLibrary nobody references when it is collected, through its cleaner thread: collect,
        // then wait until that thread has processed what this collection found.
        for (int i = 0; i < 3; i++) {
            CountDownLatch cleaned = new CountDownLatch(1);
            Cleaner.getCleaner().register(new Object(), cleaned::countDown);
            System.gc();
            assertThat(cleaned.await(30, TimeUnit.SECONDS)).as("a collection ran and JNA's cleaner caught up").isTrue();
        }
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void numpyComesFromTheClassPathAndComputes() {
        assertThat(engine.packages()).extracting(PythonPackage::toString).contains("numpy 2.4.2 (cp314, linux-x86_64)");
        PythonPackage numpy = engine.packages().stream().filter(p -> p.id().equals("numpy")).findFirst().orElseThrow();
        assertThat(numpy.nativeLibraries()).extracting(p -> p.getFileName().toString())
                .containsExactly("libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0");
        List<Object> facts = engine.withGil(gil -> {
            gil.exec("""
                    import numpy as np, importlib.metadata
                    a = np.array([[3.0, 1.0], [1.0, 2.0]])
                    x = np.linalg.solve(a, np.array([9.0, 8.0]))
                    """);
            return List.of(gil.eval("np.__version__"), gil.eval("importlib.metadata.version('numpy')"),
                    gil.eval("np.__file__"), gil.eval("x.tolist()"), gil.eval("float(np.linalg.det(a))"));
        });
        assertThat(facts.get(0)).isEqualTo(numpy.version()); // the descriptor says the truth
        assertThat(facts.get(1)).isEqualTo(numpy.version());
        assertThat((String) facts.get(2)).startsWith(numpy.path().toString());
        assertThat(facts.get(3)).isEqualTo(List.of(2.0, 3.0));
        assertThat((Double) facts.get(4)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void fourJavaThreadsMultiplyingMatricesAtOnceGetTheSingleThreadResult() throws Exception {
        // Small integers: every product sum is exact in a double, whatever order BLAS adds in.
        engine.runWithGil(gil -> gil.exec("""
                import numpy as np
                rng = np.random.default_rng(17)
                A = rng.integers(0, 10, size=(400, 400)).astype(np.float64)
                B = rng.integers(0, 10, size=(400, 400)).astype(np.float64)
                """));
        double[] expected = matmul();
        int threads = 4;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<double[]>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    List<double[]> mine = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        mine.add(matmul());
                    }
                    return mine;
                }));
            }
            for (Future<List<double[]>> result : results) {
                for (double[] product : result.get(120, TimeUnit.SECONDS)) {
                    assertThat(product).isEqualTo(expected); // (containsExactly is quadratic on 160,000 elements)
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] matmul() {
        return engine.withGil(gil -> {
            try (PyObject product = (PyObject) gil.eval("(A @ B).ravel()")) {
                return product.as(double[].class);
            }
        });
    }

    @Test
    void numpyScalarsBecomeJavaNumbersAndBooleans() {
        List<Object> values = engine.withGil(gil -> {
            gil.exec("import numpy as np");
            return List.of(gil.eval("np.float64(1.5)"), gil.eval("np.float32(0.25)"), gil.eval("np.int64(-7)"),
                    gil.eval("np.int32(2**31 - 1)"), gil.eval("np.bool_(True)"), gil.eval("np.bool_(False)"),
                    gil.eval("np.uint8(255)"), gil.eval("np.uint64(2**64 - 1)"), gil.eval("np.sum(np.arange(10))"),
                    gil.eval("np.mean(np.array([1.0, 2.0]))"), gil.eval("np.arange(3) > 1"));
        });
        assertThat(values.subList(0, 10)).containsExactly(1.5, 0.25, -7L, 2147483647L, true, false, 255L,
                new BigInteger("18446744073709551615"), 45L, 1.5);
        assertThat(values.get(10)).as("an ndarray stays a PyObject").isInstanceOf(PyObject.class);
        engine.runWithGil(gil -> ((PyObject) values.get(10)).close());
    }

    @Test
    void ndarraysConvertToJavaArraysLikeToDoubleArray() {
        engine.runWithGil(gil -> {
            gil.exec("import numpy as np");
            try (PyObject floats = (PyObject) gil.eval("np.linspace(0.0, 1.0, 5)");
                 PyObject ints = (PyObject) gil.eval("np.arange(-2, 3, dtype=np.int64)");
                 PyObject strided = (PyObject) gil.eval("np.arange(10.0)[::3]")) {
                assertThat(floats.as(double[].class)).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
                assertThat(floats.toDoubleArray()).containsExactly(floats.as(double[].class));
                assertThat(ints.as(long[].class)).containsExactly(-2, -1, 0, 1, 2);
                assertThat(ints.toLongArray()).containsExactly(ints.as(long[].class));
                assertThat(strided.as(double[].class)).containsExactly(0.0, 3.0, 6.0, 9.0);
            }
        });
    }

    @Test
    void importingNumpyInASubInterpreterByExecSaysToUseTheMainInterpreter() {
        PythonInterpreterPool pool = engine.interpreterPool(1);
        try {
            assertThatThrownBy(() -> pool.call(interp -> {
                interp.exec("import numpy");
                return null;
            })).isInstanceOf(PythonException.class).hasMessageContaining("subinterpreter")
                    .hasMessageContaining("call it through engine.withGil(...) instead of the pool");
        } finally {
            pool.close();
        }
    }
}
