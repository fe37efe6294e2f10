/**
 * Typed Python interfaces: {@link dev.pyembed.spring.module.PythonModule @PythonModule} on a Java interface makes it a
 * bean that calls the module's functions under the GIL.
 *
 * <h2>Arguments (Java to Python)</h2>
 * Each Java parameter is one positional argument, except those annotated
 * {@link dev.pyembed.spring.module.PythonKeywords @PythonKeywords}, whose names and values become keyword arguments.
 * A record becomes a {@code dict} of its components, a JavaBean a
 * {@code dict} of its readable properties (recursively: records in lists in records); an enum its {@code name()};
 * {@code Optional} its value or {@code None}; collections, maps and arrays convert element by element; everything
 * else (strings, numbers, booleans, {@code byte[]}, {@code double[]}, {@code PyObject}) as core converts it.
 *
 * <h2>Results (Python to Java)</h2>
 * The result converts to the method's declared generic type, strictly (no lossy or guessed conversion): a record
 * from a {@code dict} (by component name; extra keys are ignored), from an object with attributes (a dataclass,
 * {@code SimpleNamespace}) or from a tuple of exactly its arity (a {@code namedtuple}); {@code List}, {@code Set},
 * {@code Collection}, {@code Map} and arrays element by element; {@code Optional} from {@code None} (empty) or a value;
 * {@code double[]}/{@code long[]}/{@code int[]} from a list or a numpy array (one block); {@code double} from a float or
 * an int, {@code long}/{@code int} from an int that fits, {@code boolean} from a bool, {@code String} from a str, an
 * enum from the str of a constant's name, {@code BigInteger}/{@code BigDecimal} from numbers; {@code void} ignores the
 * result. What does not fit throws {@link dev.pyembed.spring.module.PythonResultException} naming the method, the
 * path into the result, the declared Java type and the Python value's type.
 */
package dev.pyembed.spring.module;
