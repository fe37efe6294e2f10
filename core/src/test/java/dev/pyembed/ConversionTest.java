package dev.pyembed;

import dev.pyembed.internal.engine.Conversions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every conversion, both ways, with its edge values: Java -> Python -> Java gives the same value back. */
class ConversionTest {

    private static PythonEngine engine;
    private static PyObject identity;
    private static PyObject pythonRepr;

    @BeforeAll
    static void start() {
        engine = TestEngines.builder().start();
        engine.runWithGil(gil -> {
            identity = (PyObject) gil.eval("lambda x: x");
            pythonRepr = (PyObject) gil.eval("repr");
        });
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Stream<Arguments> roundTrips() {
        String megabyte = "x".repeat(1 << 20);
        Map<Object, Object> tupleKeys = new LinkedHashMap<>();
        return Stream.of(
                Arguments.of(null, "None"),
                Arguments.of(true, "True"),
                Arguments.of(false, "False"),
                Arguments.of(0L, "0"),
                Arguments.of(Long.MIN_VALUE, "-9223372036854775808"),
                // the edges of CompactInts' one- and two-digit reads (30-bit digits) and of the native call after them
                Arguments.of(1L, "1"),
                Arguments.of(-1L, "-1"),
                Arguments.of((1L << 30) - 1, Long.toString((1L << 30) - 1)),
                Arguments.of(1L << 30, Long.toString(1L << 30)),
                Arguments.of(-(1L << 30), Long.toString(-(1L << 30))),
                Arguments.of((1L << 60) - 1, Long.toString((1L << 60) - 1)),
                Arguments.of(-((1L << 60) - 1), Long.toString(-((1L << 60) - 1))),
                Arguments.of(1L << 60, Long.toString(1L << 60)),
                Arguments.of(-(1L << 60), Long.toString(-(1L << 60))),
                Arguments.of(0x5555_5555_5555_555L, Long.toString(0x5555_5555_5555_555L)),
                Arguments.of(Long.MAX_VALUE, "9223372036854775807"),
                Arguments.of(BigInteger.TWO.pow(200), BigInteger.TWO.pow(200).toString()),
                Arguments.of(BigInteger.TWO.pow(200).negate(), "-" + BigInteger.TWO.pow(200)),
                Arguments.of(1.5, "1.5"),
                Arguments.of(-0.0, "-0.0"),
                Arguments.of(Double.POSITIVE_INFINITY, "inf"),
                Arguments.of(Double.MIN_VALUE, "5e-324"),
                Arguments.of("", "''"),
                Arguments.of("h\u00e9llo \u4e16\u754c", "'h\u00e9llo \u4e16\u754c'"),
                Arguments.of("emoji \uD83D\uDE00", "'emoji \uD83D\uDE00'"),
                Arguments.of("nul\u0000inside", "'nul\\x00inside'"),
                Arguments.of("lone \uD800 surrogate", "'lone \\ud800 surrogate'"),
                Arguments.of(megabyte, null),
                Arguments.of(new byte[]{0, 1, (byte) 255}, "b'\\x00\\x01\\xff'"),
                Arguments.of(List.of(1L, "two", List.of(3.0, List.of()), Map.of("k", true)), "[1, 'two', [3.0, []], {'k': True}]"),
                Arguments.of(Set.of(7L), "{7}"),
                Arguments.of(Map.of(List.of(1L, 2L), "tuple key? no: a list converts to a list"), null),
                Arguments.of(tupleKeys, "{}")
        );
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void javaToPythonAndBack(Object value, String expectedRepr) {
        if (value instanceof Map<?, ?> map && map.keySet().stream().anyMatch(k -> k instanceof List)) {
            // Lists are unhashable in Python: a Map with List keys is refused clearly.
            assertThatThrownBy(() -> engine.runWithGil(gil -> identity.call(value)))
                    .isInstanceOf(PythonException.class).hasMessageContaining("unhashable");
            return;
        }
        engine.runWithGil(gil -> {
            Object back = identity.call(value);
            if (value instanceof byte[] bytes) {
                assertThat((byte[]) back).isEqualTo(bytes);
            } else if (value instanceof Double d && d == 0.0) {
                assertThat(Double.doubleToRawLongBits((Double) back)).isEqualTo(Double.doubleToRawLongBits(d));
            } else {
                assertThat(back).isEqualTo(value);
            }
            if (expectedRepr != null) {
                assertThat(pythonRepr.call(value)).isEqualTo(expectedRepr);
            }
        });
    }

    @Test
    void pythonOnlyValuesConvertToJava() {
        engine.runWithGil(gil -> {
            assertThat(gil.eval("float('nan')")).isEqualTo(Double.NaN);
            assertThat(gil.eval("(1, 'a')")).isEqualTo(List.of(1L, "a"));
            assertThat(gil.eval("{(1, 2): 'tuple key'}")).isEqualTo(Map.of(List.of(1L, 2L), "tuple key"));
            assertThat(gil.eval("frozenset([1])")).isEqualTo(Set.of(1L));
            assertThat((byte[]) gil.eval("bytearray(b'ab')")).isEqualTo(new byte[]{'a', 'b'});
            assertThat((byte[]) gil.eval("memoryview(b'cd')")).isEqualTo(new byte[]{'c', 'd'});
            assertThat(gil.eval("'\\udcff'.encode('utf-8', 'surrogatepass').decode('utf-8', 'surrogatepass')"))
                    .isEqualTo("\uDCFF");
            Object opaque = gil.eval("__import__('fractions').Fraction(1, 3)");
            assertThat(opaque).isInstanceOf(PyObject.class);
            assertThat(((PyObject) opaque).typeName()).isEqualTo("fractions.Fraction");
            assertThat(gil.eval("__import__('collections').OrderedDict(a=1)")).as("dict subclasses are Maps").isEqualTo(Map.of("a", 1L));
            assertThat(identity.call(Optional.of("x"))).isEqualTo("x");
            assertThat(identity.call(Optional.empty())).isNull();
            assertThat(identity.call((Object) new Object[]{1, "b"})).isEqualTo(List.of(1L, "b"));
        });
    }

    @Test
    void javaObjectsWithoutAConversionAreRefusedClearly() {
        engine.runWithGil(gil -> assertThatThrownBy(() -> identity.call(new StringBuilder("sb").toString().chars()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Python conversion")
                .hasMessageContaining("registerObject"));
    }

    @Test
    void largeListsOfBoxedNumbersCrossAsOneBlockWithTheSameValues() {
        int n = Conversions.BLOCK_LIST_MIN_SIZE;
        List<Double> doubles = new java.util.ArrayList<>(IntStream.range(0, n).mapToObj(i -> i * 0.25).toList());
        doubles.set(1, Double.NaN);
        doubles.set(2, -0.0);
        List<Integer> ints = IntStream.range(0, n).map(i -> i - 1).boxed().toList();
        List<Object> mixed = new java.util.ArrayList<>(ints);
        mixed.set(n - 1, 1.5);
        List<Object> withNull = new java.util.ArrayList<>(ints);
        withNull.set(0, null);
        engine.runWithGil(gil -> {
            PyObject types = gil.evalObject("lambda xs: sorted({type(x).__name__ for x in xs}) + [type(xs).__name__]");
            assertThat(types.call(doubles)).isEqualTo(List.of("float", "list"));
            assertThat(types.call(ints)).isEqualTo(List.of("int", "list"));
            assertThat(types.call(mixed)).isEqualTo(List.of("float", "int", "list"));
            assertThat(types.call(withNull)).isEqualTo(List.of("NoneType", "int", "list"));
            @SuppressWarnings("unchecked")
            List<Object> back = (List<Object>) identity.call(doubles);
            assertThat(back).isEqualTo(doubles);
            assertThat(Double.doubleToRawLongBits((Double) back.get(2))).isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(identity.call(ints)).isEqualTo(ints.stream().map(Integer::longValue).toList());
            assertThat(identity.call(List.of(Long.MIN_VALUE, Long.MAX_VALUE))).isEqualTo(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
            assertThat(identity.call(mixed)).isEqualTo(mixed.stream()
                    .map(x -> x instanceof Integer i ? (Object) i.longValue() : x).toList());
        });
    }

    @Test
    void intsAtTheEdgesAndSubclassesOfTheExactTypes() {
        assertThat(engine.conversions().readsCompactInts()).as("the int layout of CPython %s is known",
                engine.runtime().version()).isTrue();
        engine.runWithGil(gil -> {
            assertThat(gil.eval("[i * 7919 - 2**40 for i in range(0, 2**41 // 7919, 2**41 // 7919 // 999)]"))
                    .as("a thousand ints across one and two digits").isEqualTo(java.util.stream.LongStream
                            .iterate(0, i -> i < (1L << 41) / 7919, i -> i + (1L << 41) / 7919 / 999)
                            .mapToObj(i -> i * 7919 - (1L << 40)).toList());
            assertThat(gil.eval("0")).isEqualTo(0L);
            assertThat(gil.eval("-0")).isEqualTo(0L);
            assertThat(gil.eval("-1")).as("a real -1, no error set").isEqualTo(-1L);
            assertThat(gil.eval("2**63 - 1")).isEqualTo(Long.MAX_VALUE);
            assertThat(gil.eval("2**63")).isEqualTo(BigInteger.TWO.pow(63));
            assertThat(gil.eval("-2**63")).isEqualTo(Long.MIN_VALUE);
            assertThat(gil.eval("-2**63 - 1")).isEqualTo(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE));
            assertThat(gil.eval("[2**64, -1, 5]")).as("the overflow is cleared before the next element")
                    .isEqualTo(List.of(BigInteger.TWO.pow(64), -1L, 5L));
            gil.exec("import enum, collections\n"
                    + "class Level(enum.IntEnum):\n    HIGH = 3\n"
                    + "class Name(str): pass\n"
                    + "class Items(list): pass\n"
                    + "Point = collections.namedtuple('Point', 'x y')\n"
                    + "class Blob(bytes): pass\n");
            assertThat(gil.eval("Level.HIGH")).isEqualTo(3L);
            assertThat(gil.eval("Name('n')")).isEqualTo("n");
            assertThat(gil.eval("Items([1])")).isEqualTo(List.of(1L));
            assertThat(gil.eval("Point(1, 2)")).isEqualTo(List.of(1L, 2L));
            assertThat((byte[]) gil.eval("Blob(b'z')")).isEqualTo(new byte[]{'z'});
        });
    }

    @Test
    void callsWithZeroOneAndMoreArgumentsRaiseAsPythonExceptions() {
        engine.runWithGil(gil -> {
            gil.exec("def fail(*args, **kwargs):\n    raise ValueError(f'got {len(args)} {sorted(kwargs)}')\n");
            PyObject fail = gil.evalObject("fail");
            assertThatThrownBy(fail::call).isInstanceOf(PythonException.class).hasMessageContaining("got 0 []");
            assertThatThrownBy(() -> fail.call("one")).isInstanceOf(PythonException.class).hasMessageContaining("got 1 []");
            assertThatThrownBy(() -> fail.call(1, 2)).isInstanceOf(PythonException.class).hasMessageContaining("got 2 []");
            assertThatThrownBy(() -> fail.call(List.of(), Map.of("k", 1))).isInstanceOf(PythonException.class)
                    .hasMessageContaining("got 0 ['k']");
            PyObject noArgs = gil.evalObject("lambda: 'none'");
            assertThatThrownBy(() -> noArgs.call("extra")).isInstanceOf(PythonException.class)
                    .hasMessageContaining("TypeError");
            assertThat(noArgs.call()).isEqualTo("none");
            assertThat(identity.call((Object) null)).as("one argument that is None").isNull();
        });
    }

    @Test
    void asIsExactAboutNumbers() {
        engine.runWithGil(gil -> {
            PyObject huge = gil.evalObject("2**70");
            assertThatThrownBy(() -> huge.as(long.class)).isInstanceOf(ArithmeticException.class).hasMessageContaining("BigInteger");
            assertThat(huge.as(BigInteger.class)).isEqualTo(BigInteger.TWO.pow(70));
            PyObject large = gil.evalObject("2**40");
            assertThatThrownBy(() -> large.as(int.class)).isInstanceOf(ArithmeticException.class);
            assertThat(large.as(long.class)).isEqualTo(1L << 40);
            assertThat(gil.evalObject("'s'").as(String.class)).isEqualTo("s");
            assertThatThrownBy(() -> gil.evalObject("'s'").as(Double.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("str");
            assertThatThrownBy(() -> gil.evalObject("None").as(int.class)).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void bigArraysCrossInOneBlock() {
        double[] doubles = IntStream.range(0, 1_000_000).mapToDouble(i -> i * 0.5).toArray();
        long[] longs = IntStream.range(0, 1_000_000).mapToLong(i -> i * 3L).toArray();
        engine.runWithGil(gil -> {
            PyObject sum = gil.importModule("builtins").getAttr("sum");
            assertThat(sum.call((Object) doubles)).isEqualTo(Arrays.stream(doubles).sum());
            PyObject list = gil.evalObject("[x * 0.5 for x in range(1000000)]");
            assertThat(list.toDoubleArray()).isEqualTo(doubles);
            PyObject array = gil.evalObject("__import__('array').array('q', range(0, 3000000, 3))");
            assertThat(array.toLongArray()).isEqualTo(longs);
        });
    }

    @Test
    void objectApi() {
        engine.runWithGil(gil -> {
            gil.exec("class Box:\n    def __init__(self):\n        self.items = {}\n    def put(self, k, v, *, twice=False):\n"
                    + "        self.items[k] = v * 2 if twice else v\n        return len(self.items)\n");
            PyObject box = gil.evalObject("Box").as(PyObject.class);
            PyObject instance = gil.evalObject("Box()");
            assertThat(instance.callMethod("put", "a", 1)).isEqualTo(1L);
            assertThat(instance.getAttr("put").call(List.of("b", 2), PyObject.kwargs().put("twice", true).build())).isEqualTo(2L);
            PyObject items = instance.getAttr("items");
            assertThat(items.getItem("b")).isEqualTo(4L);
            items.setItem("c", List.of(1L));
            assertThat(items.len()).isEqualTo(3);
            assertThat(items).containsExactly("a", "b", "c");
            instance.setAttr("label", "boxed");
            assertThat(instance.hasAttr("label")).isTrue();
            assertThat(instance.hasAttr("nope")).isFalse();
            assertThat(instance.getAttr("label").toJava()).isEqualTo("boxed");
            assertThat(instance.typeName()).isEqualTo("Box");
            assertThat(instance.repr()).startsWith("<__main__.Box object");
            assertThat(gil.evalObject("None").isNone()).isTrue();
            assertThat(gil.evalObject("(1, 2)")).isEqualTo(gil.evalObject("(1, 2)"));
            assertThat(gil.evalObject("(1, 2)").hashCode())
                    .isEqualTo(gil.evalObject("(1, 2)").hashCode());
            assertThat(gil.evalObject("[1]")).isEqualTo(gil.evalObject("[1]"));
            assertThatThrownBy(() -> items.getItem("missing")).isInstanceOf(PythonException.class).hasMessageContaining("KeyError");
            assertThat(box.toString()).isEqualTo("<class '__main__.Box'>");
        });
    }
}
