package dev.pyembed.spring.module;

import dev.pyembed.Gil;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.PythonTimeoutException;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import dev.pyembed.spring.module.typed.TypedApplication;
import dev.pyembed.spring.module.typed.TypedModel.Applicant;
import dev.pyembed.spring.module.typed.TypedModel.Band;
import dev.pyembed.spring.module.typed.TypedModel.Person;
import dev.pyembed.spring.module.typed.TypedModel.Point;
import dev.pyembed.spring.module.typed.TypedModel.RiskScore;
import dev.pyembed.spring.module.typed.TypedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.pyembed.spring.TestRuntime.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code @PythonModule} interface found by the scan of the auto-configuration packages, called for real. */
@SpringBootTest(classes = PythonModuleTest.Application.class, properties = "pyembed.python-path=classpath:python/")
class PythonModuleTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(PythonAutoConfiguration.class)
    @Import(TypedApplication.class)
    static class Application {
    }

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("pyembed.runtime", TestRuntime::name);
    }

    @Autowired
    TypedModel model;

    @Autowired
    PythonEngine engine;

    // ---- arguments ----

    @Test
    void aRecordIsADictOfItsComponents() {
        assertThat(model.kindsOfRecord(new Applicant(1000, 200, 40)))
                .containsExactly(Map.entry("income", "float"), Map.entry("debts", "float"), Map.entry("age", "int"));
    }

    @Test
    void aJavaBeanIsADictOfItsPropertiesAndNestedRecordsAreDictsToo() {
        assertThat(model.kindsOfBean(new Person("ada", List.of(new Point(1, 2)))))
                .isEqualTo(Map.of("name", "str", "visited", List.of(Map.of("x", "float", "y", "float"))));
    }

    @Test
    void collectionsArraysEnumsOptionalsAndPrimitivesConvertElementByElement() {
        assertThat(model.kindsOfList(List.of(new Point(1, 2)))).containsExactly(Map.of("x", "float", "y", "float"));
        assertThat(model.kindsOfArray(new Object[]{1, "a", true, 2.5, null}))
                .containsExactly("int", "str", "bool", "float", "NoneType");
        assertThat(model.kindsOfEnum(Band.HIGH)).isEqualTo("str");
        assertThat(model.kindsOf(new double[]{1, 2})).isEqualTo(List.of("float", "float"));
        assertThat(model.kindsOf(Map.of("k", Optional.of(new Point(0, 0))))).isEqualTo(Map.of("k", Map.of("x", "float", "y", "float")));
        assertThat(model.kindsOf(Optional.empty())).isEqualTo("NoneType");
        assertThat(model.echoOptional(Optional.of("x"))).contains("x");
        assertThat(model.echoOptional(Optional.empty())).isEmpty();
    }

    @Test
    void aPythonKeywordsParameterIsSpreadIntoKeywordArguments() {
        assertThat(model.weighted(2, new TypedModel.Scaling(3, 1))).isEqualTo(7.0);
        assertThat(model.weightedBy(2, Map.of("offset", 1.0))).isEqualTo(3.0);
        assertThat(model.weightedBy(2, null)).isEqualTo(2.0);
        assertThatThrownBy(() -> model.weightedBy(2, Map.of("bogus", 1))).isInstanceOf(PythonException.class)
                .hasMessageContaining("unexpected keyword argument 'bogus'");
    }

    // ---- results ----

    @Test
    void aDictBecomesARecordRecursivelyWithEnumsAndListsOfRecords() {
        RiskScore score = model.score(new Applicant(1000, 200, 40));
        assertThat(score.score()).isEqualTo(0.8);
        assertThat(score.band()).isEqualTo(Band.LOW);
        assertThat(score.factors()).containsExactly(new TypedModel.Factor("ratio", 0.2), new TypedModel.Factor("age", 0.4));
        assertThat(model.point(1.5, 2)).isEqualTo(new Point(1.5, 2.0));
        assertThat(model.points(3)).containsExactly(new Point(0, 0), new Point(1, 2), new Point(2, 4));
    }

    @Test
    void aDataclassAndANamedtupleBecomeRecordsToo() {
        assertThat(model.dataPoint()).isEqualTo(new Point(3, 4));
        assertThat(model.pair()).isEqualTo(new Point(5, 6));
    }

    @Test
    void primitivesStringsAndVoid() {
        assertThat(model.add(40, 2)).isEqualTo(42L);
        assertThat(model.addInts(40, 2)).isEqualTo(42);
        assertThat(model.addDoubles(0.5, 0.25)).isEqualTo(0.75);
        assertThat(model.greet("ada")).isEqualTo("hello ada!");
        assertThat(model.is_even(4)).isTrue();
        assertThat(model.big()).isEqualTo(BigInteger.TWO.pow(100));
        assertThat(model.anything(1, 2, 3)).isEqualTo(3);
        assertThat(model.addThree(1, 2, 3)).isEqualTo(6L);
        model.remember(List.of(1, 2));
        assertThat(eval(engine, "__import__('typed_model').last")).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void optionalsMapsSetsAndArrays() {
        assertThat(model.maybe_point(true)).contains(new Point(1, 2));
        assertThat(model.maybe_point(false)).isEmpty();
        assertThat(model.counts()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
        assertThat(model.countsAsInts()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(model.halves(4)).containsExactly(0, 0.5, 1, 1.5);
        assertThat(model.halvesFromArray(4)).containsExactly(0, 0.5, 1, 1.5);
        assertThat(model.squares(4)).containsExactly(0, 1, 4, 9);
        assertThat(model.squaresAsInts(4)).containsExactly(0, 1, 4, 9);
        assertThat(model.squaresAsCollection(3)).containsExactly(0L, 1L, 4L);
        assertThat(model.tags()).containsExactlyInAnyOrder("a", "b");
    }

    // ---- results that do not fit ----

    @Test
    void aMissingKeyNamesTheRecordComponent() {
        assertThatThrownBy(model::partialPoint).isInstanceOfSatisfying(PythonResultException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("TypedModel.partialPoint: the result of typed_model.partial_point()"
                    + " does not fit at result.y, declared double: the Python dict has no key 'y' for component"
                    + " Point.y (its keys: ['x'])");
            assertThat(e.path()).isEqualTo("result.y");
            assertThat(e.pythonType()).isEqualTo("dict");
        });
    }

    @Test
    void aStrWhereADoubleIsDeclaredNamesTheFieldAndTheTypes() {
        assertThatThrownBy(model::textPoint).isInstanceOf(PythonResultException.class)
                .hasMessage("TypedModel.textPoint: the result of typed_model.text_point() does not fit at result.x,"
                        + " declared double: the Python value is a str ('high')");
        assertThatThrownBy(() -> model.greetAsDouble("x")).isInstanceOf(PythonResultException.class)
                .hasMessageContaining("at result, declared double: the Python value is a str ('hello x!')");
    }

    @Test
    void anElementOfAListIsNamedByItsIndex() {
        assertThatThrownBy(model::badPoints).isInstanceOfSatisfying(PythonResultException.class, e -> {
            assertThat(e.path()).isEqualTo("result[1].y");
            assertThat(e.javaType()).isEqualTo(double.class);
            assertThat(e.getMessage()).contains("declared double: the Python value is a str ('two')");
        });
    }

    @Test
    void noneWhereAPrimitiveIsDeclaredAFloatForAnIntATooBigIntAndAnUnknownEnumName() {
        assertThatThrownBy(model::nothing).isInstanceOf(PythonResultException.class)
                .hasMessageContaining("declared double: the Python value is None: a primitive cannot be null; declare Double or Optional");
        assertThatThrownBy(model::half).isInstanceOf(PythonResultException.class)
                .hasMessageContaining("declared int: the Python value is a float (0.5): a float is not converted");
        assertThatThrownBy(model::bigAsLong).isInstanceOf(PythonResultException.class)
                .hasMessageContaining("declared long: the Python value is an int").hasMessageContaining("does not fit long");
        assertThatThrownBy(model::badBand).isInstanceOf(PythonResultException.class)
                .hasMessageContaining("declared " + Band.class.getName() + ": the Python value is a str ('MEDIUM'):"
                        + " 'MEDIUM' is none of [LOW, HIGH]");
    }

    @Test
    void aPythonExceptionReachesTheCallerAsItIs() {
        assertThatThrownBy(() -> model.fail("no model")).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("ValueError")).hasMessageContaining("no model");
    }

    @Test
    void anArgumentWithoutAConversionNamesTheMethod() {
        assertThatThrownBy(() -> model.echoAnything(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TypedModel.echoAnything (typed_model.echo): no Python conversion for Java type java.lang.Object");
    }

    // ---- @WithGil semantics ----

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void onAVirtualThreadThePythonCodeRunsOnAPlatformThreadOfTheEngine() throws Exception {
        ExecutorService virtualThreads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(virtualThreads.submit(() -> {
                    assertThat(Thread.currentThread().getClass().getSimpleName()).isEqualTo("VirtualThread");
                    assertThat(model.add(20, 22)).isEqualTo(42L);
                    return model.call(() -> Thread.currentThread().getName());
                }));
            }
            for (Future<String> future : futures) {
                assertThat(future.get(2, TimeUnit.MINUTES)).startsWith("pyembed-gil-worker");
            }
        } finally {
            virtualThreads.shutdownNow();
        }
    }

    @Test
    void onAPlatformThreadThePythonCodeRunsOnTheCallingThread() {
        assertThat(model.call(() -> Thread.currentThread().getName())).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void withGilsDeadlineStopsTheCall() {
        assertThatThrownBy(model::spin).isInstanceOf(PythonTimeoutException.class);
        assertThat(model.add(1, 1)).as("the engine serves calls after the stopped one").isEqualTo(2L);
    }

    @Test
    void withGilsTimeoutGivesUpWaitingForTheGilNamingItsHolder() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Gil ignored = engine.acquireGil()) {
                held.countDown();
                release.await(); // holds the GIL until the typed call gave up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gil-holder");
        holder.start();
        try {
            assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
            assertThatThrownBy(() -> model.addWithin100ms(1, 2)).isInstanceOf(GilTimeoutException.class)
                    .hasMessageContaining("gil-holder");
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(model.addWithin100ms(1, 2)).isEqualTo(3L);
    }

    @Test
    void manyThreadsCallAtOnceAndEveryCallRuns() throws Exception {
        long before = (Long) eval(engine, "__import__('typed_model').calls");
        int threads = 8;
        int callsPerThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int age = t;
                futures.add(pool.submit(() -> {
                    int right = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        RiskScore score = model.score(new Applicant(1000, 100 * (i % 5), age));
                        if (score.factors().get(1).weight() == age / 100.0
                                && score.band() == ((i % 5) * 0.1 < 0.3 ? Band.LOW : Band.HIGH)) {
                            right++;
                        }
                    }
                    return right;
                }));
            }
            for (Future<Integer> future : futures) {
                assertThat(future.get(2, TimeUnit.MINUTES)).isEqualTo(callsPerThread);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(eval(engine, "__import__('typed_model').calls")).isEqualTo(before + threads * callsPerThread);
    }

    @Test
    void theProxyNamesItsInterfaceAndModule() {
        assertThat(model.toString()).isEqualTo(TypedModel.class.getName() + " (@PythonModule(\"typed_model\"))");
        assertThat(model).isEqualTo(model);
    }
}
