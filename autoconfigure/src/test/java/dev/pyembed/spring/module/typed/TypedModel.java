package dev.pyembed.spring.module.typed;

import dev.pyembed.spring.gil.WithGil;
import dev.pyembed.spring.module.PythonFunction;
import dev.pyembed.spring.module.PythonKeywords;
import dev.pyembed.spring.module.PythonModule;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The happy paths: one method per conversion kind, all on {@code typed_model.py}. */
@PythonModule("typed_model")
public interface TypedModel {

    enum Band { LOW, HIGH }

    record Applicant(double income, double debts, int age) {
    }

    record Factor(String name, double weight) {
    }

    record RiskScore(double score, Band band, List<Factor> factors) {
    }

    record Point(double x, double y) {
    }

    /** A JavaBean argument. */
    class Person {
        private final String name;
        private final List<Point> visited;

        public Person(String name, List<Point> visited) {
            this.name = name;
            this.visited = visited;
        }

        public String getName() {
            return name;
        }

        public List<Point> getVisited() {
            return visited;
        }
    }

    RiskScore score(Applicant applicant);

    record Scaling(double scale, double offset) {
    }

    /** {@code weighted(x, scale=..., offset=...)}. */
    double weighted(double x, @PythonKeywords Scaling scaling);

    @PythonFunction("weighted")
    double weightedBy(double x, @PythonKeywords Map<String, Object> keywords);

    @PythonFunction("kinds")
    Object kindsOf(Object value);

    @PythonFunction("kinds")
    Map<String, Object> kindsOfRecord(Applicant applicant);

    @PythonFunction("kinds")
    Map<String, Object> kindsOfBean(Person person);

    @PythonFunction("kinds")
    List<Object> kindsOfArray(Object[] values);

    @PythonFunction("kinds")
    List<Object> kindsOfList(List<Point> points);

    @PythonFunction("kinds")
    Object kindsOfEnum(Band band);

    long add(long a, long b);

    @PythonFunction("add")
    int addInts(int a, int b);

    @PythonFunction("add")
    double addDoubles(double a, double b);

    String greet(String name);

    boolean is_even(long n);

    void remember(Object value);

    Point point(double x, double y);

    List<Point> points(int n);

    Optional<Point> maybe_point(boolean present);

    Map<String, Long> counts();

    @PythonFunction("counts")
    Map<String, Integer> countsAsInts();

    double[] halves(int n);

    @PythonFunction("halves_array")
    double[] halvesFromArray(int n);

    long[] squares(int n);

    @PythonFunction("squares")
    int[] squaresAsInts(int n);

    @PythonFunction("squares")
    Collection<Long> squaresAsCollection(int n);

    BigInteger big();

    @PythonFunction("data_point")
    Point dataPoint();

    Point pair();

    Set<String> tags();

    @PythonFunction("echo")
    Optional<String> echoOptional(Optional<String> value);

    int anything(Object a, Object b, Object c);

    /** Java-only: a default method runs as Java code. */
    default long addThree(long a, long b, long c) {
        return add(add(a, b), c);
    }

    String fail(String reason);

    /** Calls {@code f} from Python: on the thread that holds the GIL. */
    String call(java.util.function.Supplier<String> f);

    @PythonFunction("echo")
    Object echoAnything(Object value);

    // ---- results that do not fit ----

    @PythonFunction("partial_point")
    Point partialPoint();

    @PythonFunction("text_point")
    Point textPoint();

    @PythonFunction("bad_points")
    List<Point> badPoints();

    double nothing();

    int half();

    @PythonFunction("big")
    long bigAsLong();

    @PythonFunction("bad_band")
    Band badBand();

    @PythonFunction("greet")
    double greetAsDouble(String name);

    @WithGil(deadline = "200ms")
    void spin();

    @WithGil(timeout = "100ms")
    @PythonFunction("add")
    long addWithin100ms(long a, long b);
}
