package dev.pyembed.bench;

import dev.pyembed.PyObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What converting values costs, inside an open GIL scope (no scope cost): strings, a list of 10^6 doubles in
 * one call versus 10^6 calls of one double, and a dict of 1,000 entries each way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConversionBench {

    static final int MILLION = 1_000_000;

    @State(Scope.Benchmark)
    public static class Data {
        /** 1 KiB and 1 MiB of ASCII (one byte per char in UTF-8 and in Python's compact str). */
        String s1k;
        String s1m;
        List<Double> doubles;
        Map<String, Long> map;

        @Setup(Level.Trial)
        public void make() {
            s1k = "abcdefgh".repeat(1024 / 8);
            s1m = "abcdefgh".repeat(1024 * 1024 / 8);
            doubles = new ArrayList<>(MILLION);
            for (int i = 0; i < MILLION; i++) {
                doubles.add(i * 0.5);
            }
            map = new LinkedHashMap<>();
            for (long i = 0; i < 1000; i++) {
                map.put("k" + i, i);
            }
        }
    }

    /** {@code identity(s)}: a 1 KiB String to str and back. */
    @Benchmark
    public Object string1kRoundTrip(PythonState py, ScopeBench.OpenScope open, Data data) {
        return py.identity.call(data.s1k);
    }

    /** {@code identity(s)}: a 1 MiB String to str and back. */
    @Benchmark
    public Object string1mRoundTrip(PythonState py, ScopeBench.OpenScope open, Data data) {
        return py.identity.call(data.s1m);
    }

    /** {@code take(xs)}: a {@code List<Double>} of 10^6 to a Python list in one call (per op: the whole list). */
    @Benchmark
    public Object doubles1mOneCall(PythonState py, ScopeBench.OpenScope open, Data data) {
        return py.take.call(data.doubles);
    }

    /** {@code take(x)} 10^6 times, one double each (per op: all 10^6 calls). */
    @Benchmark
    public Object doubles1mOneByOne(PythonState py, ScopeBench.OpenScope open, Data data) {
        PyObject take = py.take;
        Object last = null;
        for (Double d : data.doubles) {
            last = take.call(d);
        }
        return last;
    }

    /** {@code take(d)}: a Map of 1,000 String -> Long to a dict. */
    @Benchmark
    public Object dict1kToPython(PythonState py, ScopeBench.OpenScope open, Data data) {
        return py.take.call(data.map);
    }

    /** {@code get_dict()}: a dict of 1,000 str -> int to a LinkedHashMap. */
    @Benchmark
    public Object dict1kToJava(PythonState py, ScopeBench.OpenScope open) {
        return py.getDict.call();
    }

    /** {@code identity(d)}: a Map of 1,000 entries to a dict and back. */
    @Benchmark
    public Object dict1kRoundTrip(PythonState py, ScopeBench.OpenScope open, Data data) {
        return py.identity.call(data.map);
    }
}
