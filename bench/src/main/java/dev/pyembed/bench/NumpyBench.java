package dev.pyembed.bench;

import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonPackage;
import dev.pyembed.RuntimeSelection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * numpy from pyembed-numpy on the embedded CPython 3.14: a {@code double[1_000_000]} into numpy, {@code np.sum}, and
 * back (the sum, or the whole array), each inside one {@code withGil} scope; and {@code import numpy}, once per
 * forked JVM, with the {@code .pyc} files of the extracted package present (warm) or deleted first (cold).
 */
@Fork(1)
public class NumpyBench {

    static final int MILLION = 1_000_000;

    @State(Scope.Benchmark)
    public static class Numpy {
        PythonEngine engine;
        PyObject asArray;
        PyObject fromBytes;
        PyObject sum;
        PyObject ndarray;
        double[] values;

        @Setup(Level.Trial)
        public void start() {
            engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).shutdownTimeout(Duration.ofSeconds(10))
                    .start();
            values = new double[MILLION];
            for (int i = 0; i < MILLION; i++) {
                values[i] = i * 0.5;
            }
            engine.runWithGil(gil -> {
                gil.exec("import numpy as np\ndef as_array(xs):\n    return np.asarray(xs, dtype=np.float64)\n"
                        + "def from_bytes(b):\n    return np.frombuffer(b, dtype=np.float64)\n");
                asArray = (PyObject) gil.eval("as_array");
                fromBytes = (PyObject) gil.eval("from_bytes");
                sum = (PyObject) gil.eval("np.sum");
                ndarray = (PyObject) asArray.call(values);
            });
        }

        @TearDown(Level.Trial)
        public void stop() {
            engine.close();
        }
    }

    /** Java double[] to an ndarray (through a list built from one block), {@code np.sum}, the Double back. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object toNumpySumBack(Numpy np) {
        return np.engine.withGil(gil -> {
            try (PyObject array = (PyObject) np.asArray.call(np.values)) {
                return np.sum.call(array);
            }
        });
    }

    /**
     * The same through bytes: the double[] copied into a byte[] in Java (native order), passed as {@code bytes},
     * viewed by {@code np.frombuffer} without another copy, summed, the Double back.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object toNumpyViaBytesSumBack(Numpy np) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(np.values.length * Double.BYTES)
                .order(java.nio.ByteOrder.nativeOrder());
        buffer.asDoubleBuffer().put(np.values);
        byte[] bytes = buffer.array();
        return np.engine.withGil(gil -> {
            try (PyObject array = (PyObject) np.fromBytes.call((Object) bytes)) {
                return np.sum.call(array);
            }
        });
    }

    /** Java double[] to an ndarray and the ndarray back to a double[] ({@code as(double[].class)}: one buffer copy). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double[] toNumpyAndBack(Numpy np) {
        return np.engine.withGil(gil -> {
            try (PyObject array = (PyObject) np.asArray.call(np.values)) {
                return array.as(double[].class);
            }
        });
    }

    /** {@code np.sum} of an ndarray already in Python: what numpy itself costs, for comparison. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Object sumOnly(Numpy np) {
        return np.engine.withGil(gil -> np.sum.call(np.ndarray));
    }

    @State(Scope.Benchmark)
    public static class FreshEngine {
        /** WARM: the .pyc written by an earlier import are there; COLD: deleted before the engine starts. */
        @Param({"WARM", "COLD"})
        public String pyc;
        PythonEngine engine;

        @Setup(Level.Trial)
        public void start() throws IOException {
            engine = PythonEngine.builder().runtime(RuntimeSelection.EMBEDDED).shutdownTimeout(Duration.ofSeconds(10))
                    .start();
            PythonPackage numpy = engine.packages().stream().filter(p -> p.id().equals("numpy")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("pyembed-numpy is not on the class path"));
            if (pyc.equals("COLD")) {
                deletePycache(numpy.path());
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            engine.close();
        }

        private static void deletePycache(Path root) throws IOException {
            List<Path> caches;
            try (Stream<Path> walk = Files.walk(root)) {
                caches = walk.filter(p -> p.getFileName().toString().equals("__pycache__")).toList();
            }
            for (Path cache : caches) {
                try (Stream<Path> files = Files.walk(cache)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    /** {@code import numpy} in a new engine (the OS file cache warm in both cases): once per fork. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(5)
    public Object importNumpy(FreshEngine fresh) {
        return fresh.engine.withGil(gil -> {
            gil.exec("import numpy");
            return gil.eval("numpy.__version__");
        });
    }
}
