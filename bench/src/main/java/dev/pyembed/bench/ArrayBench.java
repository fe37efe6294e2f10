package dev.pyembed.bench;

import dev.pyembed.Gil;
import dev.pyembed.PyBuffer;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Arrays of doubles between Java and numpy, inside an open GIL scope: Java to {@code np.sum} (as a list, as an
 * ndarray made in one copy, as a memoryview of a direct buffer without a copy), and a numpy array to Java summed
 * there (through {@code bytes} as before the buffer protocol, one copy, no copy). Needs numpy in the runtime.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ArrayBench {

    /** The engine: on the embedded 3.14 with pyembed-numpy from the class path, or on the system python3's numpy. */
    @State(Scope.Benchmark)
    public static class Arrays {
        @Param({"EMBEDDED", "SYSTEM"})
        public String runtime;

        @Param({"1000000", "10000000"})
        public int size;

        PythonEngine engine;

        double[] heap;
        DoubleBuffer direct;
        PyObject npSum;
        PyObject ndarray;
        PyObject toBytes;

        @Setup(Level.Trial)
        public void make() throws Exception {
            engine = PythonState.builder(runtime).classPathPackages("EMBEDDED".equals(runtime)).start();
            heap = new double[size];
            for (int i = 0; i < size; i++) {
                heap[i] = i * 0.5;
            }
            direct = ByteBuffer.allocateDirect(size * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            direct.put(heap).flip();
            PythonState.onHelperThread(() -> {
                try (Gil gil = engine.acquireGil()) {
                    gil.exec("import numpy as np\ndef bench_np_sum(x):\n    return float(np.sum(x))\n"
                            + "bench_ndarray = np.arange(" + size + ", dtype=np.float64) * 0.5\n"
                            + "def bench_to_bytes(x):\n    return memoryview(x).tobytes()\n");
                    npSum = (PyObject) gil.eval("bench_np_sum");
                    ndarray = gil.evalObject("bench_ndarray");
                    toBytes = (PyObject) gil.eval("bench_to_bytes");
                }
                return null;
            });
        }

        @TearDown(Level.Trial)
        public void release() throws Exception {
            PythonState.onHelperThread(() -> {
                try (Gil gil = engine.acquireGil()) {
                    npSum.close();
                    ndarray.close();
                    toBytes.close();
                }
                return null;
            });
            engine.close();
        }
    }

    /** A GIL scope open for the whole iteration, on the measuring thread. */
    @State(Scope.Thread)
    public static class Open {
        Gil outer;

        @Setup(Level.Iteration)
        public void open(Arrays arrays) {
            outer = arrays.engine.acquireGil();
        }

        @TearDown(Level.Iteration)
        public void close() {
            outer.close();
        }
    }

    /** {@code double[]} as a Python list (one block of bytes, then a list of floats), summed by numpy. */
    @Benchmark
    public Object javaToNumpyAsList(Open open, Arrays arrays) {
        return arrays.npSum.call((Object) arrays.heap);
    }

    /** {@code gil.ndarray(double[])}: one memory copy into a new ndarray. */
    @Benchmark
    public Object javaToNumpyOneCopy(Open open, Arrays arrays) {
        try (PyObject array = open.outer.ndarray(arrays.heap)) {
            return arrays.npSum.call(array);
        }
    }

    /** {@code gil.memoryView(direct buffer)}: numpy reads Java's memory. */
    @Benchmark
    public Object javaToNumpyNoCopy(Open open, Arrays arrays) {
        try (PyObject view = open.outer.memoryView(arrays.direct)) {
            return arrays.npSum.call(view);
        }
    }

    /** Before the buffer protocol: {@code bytes} made in Python, copied to a {@code byte[]}, then to doubles. */
    @Benchmark
    public double numpyToJavaThroughBytes(Open open, Arrays arrays) {
        byte[] bytes = (byte[]) arrays.toBytes.call(arrays.ndarray);
        DoubleBuffer doubles = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        double[] values = new double[doubles.remaining()];
        doubles.get(values);
        return sum(values);
    }

    /** {@code toDoubleArray()}: one memory copy through the buffer protocol. */
    @Benchmark
    public double numpyToJavaOneCopy(Open open, Arrays arrays) {
        return sum(arrays.ndarray.toDoubleArray());
    }

    /** {@code buffer().asDoubleBuffer()}: Java reads numpy's memory. */
    @Benchmark
    public double numpyToJavaNoCopy(Open open, Arrays arrays) {
        try (PyBuffer buffer = arrays.ndarray.buffer()) {
            DoubleBuffer view = buffer.asDoubleBuffer();
            double total = 0;
            for (int i = 0, n = view.limit(); i < n; i++) {
                total += view.get(i);
            }
            return total;
        }
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
