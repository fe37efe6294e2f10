package dev.pyembed;

import dev.pyembed.internal.engine.NativeFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Java called from Python: registered functions and objects, lambdas, exceptions both ways, re-entrancy. */
class CallbackTest {

    private static PythonEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngines.builder().build();
        engine.register("add", args -> (Long) args[0] + (Long) args[1]); // registered before start
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void pythonCallsARegisteredJavaFunction() {
        engine.register("greet", args -> "hello " + args[0]);
        Object result = engine.withGil(gil -> gil.eval("__import__('pyembed').greet('python') + ' / ' + str(__import__('pyembed').add(40, 2))"));
        assertThat(result).isEqualTo("hello python / 42");
    }

    @Test
    void pythonCallsMethodsOfARegisteredJavaObject() {
        engine.registerObject("risk", new RiskModel());
        Object result = engine.withGil(gil -> {
            gil.exec("import pyembed\nrisk = pyembed.java('risk')");
            return gil.eval("[risk.score(0.5, 'gold'), risk.score(2), risk.tiers(), repr(risk)]");
        });
        assertThat(result).isEqualTo(List.of(0.25, 4L, List.of("gold", "silver"), "<Java object 'risk'>"));
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("pyembed.java('nobody')")))
                .isInstanceOf(PythonException.class).hasMessageContaining("LookupError").hasMessageContaining("risk");
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("risk.score('a', 'b', 'c')")))
                .isInstanceOf(PythonException.class).hasMessageContaining("NoSuchMethodException");
    }

    @Test
    void unregisterRemovesAFunctionOrObjectFromPython() {
        engine.register("gone_soon", args -> "here");
        engine.registerObject("gone_object", new RiskModel());
        assertThat(engine.unregister("gone_soon")).isTrue();
        assertThat(engine.unregister("gone_object")).isTrue();
        assertThat(engine.unregister("never_registered")).isFalse();
        Object result = engine.withGil(gil -> gil.eval("[hasattr(__import__('pyembed'), 'gone_soon'),"
                + " hasattr(__import__('pyembed'), 'java')]"));
        assertThat(result).isEqualTo(List.of(false, true));
        assertThatThrownBy(() -> engine.runWithGil(gil -> gil.exec("__import__('pyembed').java('gone_object')")))
                .isInstanceOf(PythonException.class).hasMessageContaining("LookupError");
        engine.registerObject("gone_object", new RiskModel()); // the name can be used again
        assertThat(engine.<Object>withGil(gil -> gil.eval("__import__('pyembed').java('gone_object').score(2)"))).isEqualTo(4L);
    }

    @Test
    void aJavaExceptionCanBeCaughtInPythonWithItsClassMessageAndStack() {
        engine.register("fail", args -> {
            throw new IllegalArgumentException("bad input " + args[0]);
        });
        Object caught = engine.withGil(gil -> {
            gil.exec("""
                    import pyembed
                    try:
                        pyembed.fail(7)
                        caught = None
                    except pyembed.JavaError as e:
                        caught = [e.java_class, e.java_message, str(e)]
                    """);
            return gil.eval("caught");
        });
        List<?> fields = (List<?>) caught;
        assertThat(fields.get(0)).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(fields.get(1)).isEqualTo("bad input 7");
        assertThat((String) fields.get(2)).contains("IllegalArgumentException: bad input 7").contains("at dev.pyembed.CallbackTest");
    }

    @Test
    void anUncaughtJavaExceptionComesBackToTheJavaCallerAsTheCause() {
        IllegalStateException original = new IllegalStateException("from java");
        engine.register("boom", args -> {
            throw original;
        });
        PythonException e = catchThrowableOfType(PythonException.class,
                () -> engine.runWithGil(gil -> gil.exec("import pyembed\ndef f():\n    pyembed.boom()\nf()")));
        assertThat(e.pythonType()).isEqualTo("pyembed.JavaError");
        assertThat(e.getCause()).isSameAs(original);
        assertThat(e.pythonTraceback()).contains("in f");
    }

    @Test
    void aPythonExceptionThroughAJavaCallbackIsTheSamePythonObjectAgain() {
        engine.register("reenter", args -> engine.withGil(gil -> gil.eval("int('not a number')")));
        Object result = engine.withGil(gil -> {
            gil.exec("""
                    import pyembed
                    try:
                        pyembed.reenter()
                    except ValueError as e:
                        through_java = 'ValueError: ' + str(e)
                    """);
            return gil.eval("through_java");
        });
        assertThat(result).asString().startsWith("ValueError: invalid literal");
    }

    @Test
    void reentrancyThreeLevelsDeepOnOneThread() {
        for (boolean releases : new boolean[]{true, false}) {
            String suffix = releases ? "r" : "h";
            engine.register("level2" + suffix, args -> engine.withGil(gil -> gil.eval("level3(" + args[0] + ")")), releases);
            engine.register("level4" + suffix, args -> (Long) args[0] * 10, releases);
            Object result = engine.withGil(gil -> {
                gil.exec("import pyembed\n"
                        + "def level1(n):\n    return pyembed.level2" + suffix + "(n + 1)\n"
                        + "def level3(n):\n    return pyembed.level4" + suffix + "(n + 1)\n");
                return gil.eval("level1(1)");
            });
            assertThat(result).as("releasesGil=%s", releases).isEqualTo(30L);
        }
    }

    @Test
    void aPythonCreatedThreadCallsJavaAndJavaCanReleaseTheGilThere() throws Exception {
        engine.register("threadName", args -> Thread.currentThread().getName() + ":" + engine.isGilHeldByCurrentThread());
        engine.register("nested", args -> engine.withGil(gil -> gil.eval("6 * 7")));
        Object result = engine.withGil(gil -> {
            gil.exec("""
                    import threading, pyembed
                    results = []
                    def work():
                        results.append(pyembed.threadName())
                        results.append(pyembed.nested())
                    t = threading.Thread(target=work, name='py-worker')
                    t.start()
                    """);
            return null;
        });
        assertThat(result).isNull();
        Object results = engine.withGil(gil -> gil.eval("t.join(10) or results"));
        assertThat((List<?>) results).hasSize(2);
        assertThat(((List<?>) results).get(0)).as("released while Java runs").asString().endsWith(":false");
        assertThat(((List<?>) results).get(1)).isEqualTo(42L);
    }

    @Test
    void aStackOverflowInACallbackDoesNotBreakTheInterpreter() {
        engine.register("recurse", args -> recurse(0));
        Object caught = engine.withGil(gil -> {
            gil.exec("""
                    import pyembed
                    try:
                        pyembed.recurse()
                        overflow = None
                    except pyembed.JavaError as e:
                        overflow = e.java_class
                    """);
            return gil.eval("overflow");
        });
        assertThat(caught).isEqualTo("java.lang.StackOverflowError");
        Object stillWorks = engine.withGil(gil -> gil.eval("sum(range(10))"));
        assertThat(stillWorks).isEqualTo(45L);
    }

    @Test
    void javaLambdasArePythonCallables() {
        Object sorted = engine.withGil(gil -> {
            gil.exec("def sort_with(items, key):\n    return sorted(items, key=key)\n"
                    + "def map_with(fn, items):\n    return list(map(fn, items))\n");
            PyObject sortWith = (PyObject) gil.eval("sort_with");
            PyObject mapWith = (PyObject) gil.eval("map_with");
            Function<Object, Object> negate = x -> -(Long) x;
            JavaFunction twice = args -> (Long) args[0] * 2;
            return List.of(sortWith.call(List.of(3L, 1L, 2L), negate), mapWith.call(twice, List.of(1L, 2L)));
        });
        assertThat(sorted).isEqualTo(List.of(List.of(3L, 2L, 1L), List.of(2L, 4L)));
    }

    @Test
    void javaLambdasHandedToPythonAreForgottenWhenPythonDropsThem() {
        int before = NativeFunctions.liveBodies();
        engine.runWithGil(gil -> {
            PyObject call = (PyObject) gil.eval("lambda f: f(1)");
            for (int i = 0; i < 1000; i++) {
                call.call((JavaFunction) args -> args[0]);
            }
            gil.exec("import gc; gc.collect()");
        });
        assertThat(NativeFunctions.liveBodies()).isLessThanOrEqualTo(before);
    }

    @Test
    void aPythonCallableIsAJavaFunctionUsableFromAnyThread() throws Exception {
        PyObject doubler = engine.withGil(gil -> (PyObject) gil.eval("lambda x: x * 2"));
        Function<Object, Object> function = doubler.asFunction();
        Object result = CompletableFuture.supplyAsync(() -> function.apply(21L)).get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(42L);
    }

    @Test
    void registeredNamesMustBePythonIdentifiers() {
        assertThatThrownBy(() -> engine.register("not valid", args -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.register("java", args -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** A Java object Python calls through pyembed.java("risk"). */
    public static final class RiskModel {
        public double score(double exposure, String tier) {
            return tier.equals("gold") ? exposure / 2 : exposure;
        }

        public long score(long points) {
            return points * 2;
        }

        public List<String> tiers() {
            return List.of("gold", "silver");
        }
    }
}
