package dev.pyembed;

import dev.pyembed.internal.engine.ConversionNesting;
import dev.pyembed.internal.engine.Conversions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values at the edges of what converts: ints beyond Python's 4,300-digit str() limit, values that contain themselves,
 * nesting deeper than any data needs, buffers beyond Java's array limit, objects whose str() and repr() raise.
 */
class ConversionLimitsTest {

    private static PythonEngine engine;
    private static PyObject identity;

    @BeforeAll
    static void start() {
        engine = TestEngines.builder().start();
        engine.runWithGil(gil -> identity = (PyObject) gil.eval("lambda x: x"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void intsOfAHundredThousandDigitsCrossBothWays() {
        BigInteger big = BigInteger.TEN.pow(100_000).add(BigInteger.valueOf(7));
        engine.runWithGil(gil -> {
            assertThat(gil.eval("__import__('sys').get_int_max_str_digits()")).as("str(int) is limited here")
                    .isEqualTo(4300L);
            assertThat(gil.eval("10**100000 + 7")).isEqualTo(big);
            assertThat(gil.eval("-(10**100000 + 7)")).isEqualTo(big.negate());
            assertThat(gil.eval("2**(2**19) - 1")).isEqualTo(BigInteger.TWO.pow(1 << 19).subtract(BigInteger.ONE));
            PyObject isBig = gil.evalObject("lambda x: x == 10**100000 + 7");
            assertThat(isBig.call(big)).as("Java -> Python").isEqualTo(true);
            assertThat(identity.call(big.negate())).as("Java -> Python -> Java").isEqualTo(big.negate());
            assertThat(identity.call(BigInteger.TWO.pow(64).negate())).isEqualTo(BigInteger.TWO.pow(64).negate());
            assertThat(identity.call(BigInteger.TWO.pow(63))).isEqualTo(BigInteger.TWO.pow(63));
            assertThat(identity.call(BigInteger.valueOf(-5))).as("a small BigInteger comes back a Long").isEqualTo(-5L);
        });
    }

    @Test
    void aPythonValueThatContainsItselfIsRefusedNamingThePath() {
        engine.runWithGil(gil -> {
            gil.exec("d = {'n': 1}\nd['self'] = d\n"
                    + "a = [1]\nb = {'k': a}\na.append(b)\n"
                    + "t = ([],)\nt[0].append(t)\n");
            assertThatThrownBy(() -> gil.eval("d")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a Python dict").hasMessageContaining("contains itself")
                    .hasMessageContaining("(value['self'] is value)");
            assertThatThrownBy(() -> gil.eval("{'top': a}")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(value['top'][1]['k'] is value['top'])");
            assertThatThrownBy(() -> gil.eval("t")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a Python tuple").hasMessageContaining("(value[0][0] is value)");
            assertThat(gil.eval("[a[0], [a[0]]]")).as("the engine converts on").isEqualTo(List.of(1L, List.of(1L)));
            assertThat(gil.eval("(lambda x: [x, x])([1])")).as("a value seen twice is no cycle")
                    .isEqualTo(List.of(List.of(1L), List.of(1L)));
        });
    }

    @Test
    void pythonNestingBeyondTheLimitIsRefusedAndUpToItConverts() {
        engine.runWithGil(gil -> {
            gil.exec("def nested(levels):\n    x = 0\n    for _ in range(levels):\n        x = [x]\n    return x\n");
            assertThatThrownBy(() -> gil.eval("nested(100000)")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nested more than " + ConversionNesting.MAX_DEPTH + " containers deep")
                    .hasMessageContaining("value[0][0][0][0][0][0][0][0]...(")
                    .hasMessageNotContaining("contains itself");
            Object deepest = gil.eval("nested(" + ConversionNesting.MAX_DEPTH + ")");
            for (int i = 0; i < ConversionNesting.MAX_DEPTH; i++) {
                deepest = ((List<?>) deepest).get(0);
            }
            assertThat(deepest).isEqualTo(0L);
            assertThatThrownBy(() -> gil.eval("nested(" + (ConversionNesting.MAX_DEPTH + 1) + ")"))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void aJavaValueThatContainsItselfIsRefusedNamingThePath() {
        List<Object> list = new ArrayList<>(List.of("first"));
        list.add(list);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("items", List.of(1, map));
        Object[] array = new Object[1];
        array[0] = array;
        engine.runWithGil(gil -> {
            assertThatThrownBy(() -> identity.call(list)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a java.util.ArrayList").hasMessageContaining("(value[1] is value)");
            assertThatThrownBy(() -> identity.call(map)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(value['items'][1] is value)");
            assertThatThrownBy(() -> identity.call((Object) array)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(value[0] is value)");
            assertThat(identity.call(List.of(List.of(1), List.of(1)))).isEqualTo(List.of(List.of(1L), List.of(1L)));
        });
    }

    @Test
    void javaNestingBeyondTheLimitIsRefused() {
        Object nested = 0;
        for (int i = 0; i < 100_000; i++) {
            nested = List.of(nested);
        }
        Object deep = nested;
        engine.runWithGil(gil -> assertThatThrownBy(() -> identity.call(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested more than " + ConversionNesting.MAX_DEPTH + " containers deep"));
    }

    @Test
    void aBufferBeyondJavasArrayLimitIsRefusedNamingTheLimit() {
        // An anonymous 3 GiB mapping is reserved, not allocated: nothing is touched unless the check fails to refuse it.
        engine.runWithGil(gil -> {
            gil.exec("import mmap\nhuge = memoryview(mmap.mmap(-1, 3 << 30))\n");
            assertThatThrownBy(() -> gil.eval("huge")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("memoryview of 3221225472 bytes does not fit a Java array")
                    .hasMessageContaining("Java arrays hold at most 2147483639")
                    .hasMessageNotContaining("overflow");
            gil.exec("huge.release()\n");
        });
        // A bytes object of that size cannot be made without allocating it: its length goes through the same check.
        assertThatThrownBy(() -> Conversions.javaArrayLength(3L << 30, "bytes"))
                .hasMessageContaining("a Python bytes of 3221225472 bytes does not fit a Java array");
    }

    @Test
    void toStringFallsBackToReprThenToTypeAndAddress() {
        engine.runWithGil(gil -> {
            gil.exec("class BadStr:\n    def __str__(self):\n        raise ValueError('no str')\n"
                    + "    def __repr__(self):\n        return 'BadStr()'\n"
                    + "class BadBoth:\n    def __str__(self):\n        raise ValueError('no str')\n"
                    + "    def __repr__(self):\n        raise ValueError('no repr')\n");
            assertThat(gil.evalObject("BadStr()").toString()).isEqualTo("BadStr()");
            PyObject both = gil.evalObject("BadBoth()");
            assertThat(both.toString()).matches("<BadBoth object at 0x[0-9a-f]+>");
            assertThat("logged: " + both).startsWith("logged: <BadBoth object at 0x");
            assertThat(gil.eval("1 + 1")).as("no Python error left pending").isEqualTo(2L);
            assertThatThrownBy(both::str).as("str() itself still raises").isInstanceOf(PythonException.class)
                    .hasMessageContaining("no str");
        });
    }
}
