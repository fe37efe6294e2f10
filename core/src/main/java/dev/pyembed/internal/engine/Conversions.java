package dev.pyembed.internal.engine;

import dev.pyembed.JavaFunction;
import dev.pyembed.PyObject;
import dev.pyembed.PythonEngine;
import dev.pyembed.PythonException;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.gil.GilHeld;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Python values to Java and back. All methods run with the GIL held ({@link GilHeld}).
 *
 * <table>
 *   <caption>Python to Java</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>None</td><td>{@code null}</td></tr>
 *   <tr><td>bool</td><td>{@link Boolean}</td></tr>
 *   <tr><td>int</td><td>{@link Long}, or {@link BigInteger} when it does not fit (any size: as hex, which Python's
 *   4,300-digit limit on {@code str(int)} does not bind)</td></tr>
 *   <tr><td>float</td><td>{@link Double}</td></tr>
 *   <tr><td>str</td><td>{@link String}</td></tr>
 *   <tr><td>bytes</td><td>{@code byte[]}</td></tr>
 *   <tr><td>list, tuple</td><td>{@link List} (converted element by element)</td></tr>
 *   <tr><td>dict</td><td>{@link Map} (a {@link LinkedHashMap}, Python's order)</td></tr>
 *   <tr><td>set, frozenset</td><td>{@link Set} (a {@link LinkedHashSet})</td></tr>
 *   <tr><td>bytearray, memoryview</td><td>{@code byte[]} (a copy)</td></tr>
 *   <tr><td>anything else</td><td>{@link PyObject}</td></tr>
 * </table>
 * Java to Python is the reverse, plus {@code Integer}/{@code Short}/{@code Byte} to int, {@code Float} to float,
 * any {@link Set} to set, other {@link Collection}s and {@code Object[]} to list, any {@link Map} to dict,
 * {@link Optional} to its value or None, {@code double[]}/{@code long[]}/{@code int[]} to a list built in one block
 * (not one call per element), and a {@link JavaFunction}, {@link Function} or
 * {@link Supplier} to a Python callable (it runs with the GIL held: meant for short functions such as sort keys);
 * other Java objects are refused with an {@link IllegalArgumentException}.
 *
 * <p>Both ways, a value that contains itself, or is nested more than {@link ConversionNesting#MAX_DEPTH} containers
 * deep, is refused with an {@link IllegalArgumentException} naming the path ({@code value['self'] is value}); so is a
 * bytes, str, bytearray or memoryview larger than a Java array can hold.
 */
public final class Conversions {

    private static final ApiAccess ACCESS = ApiAccess.get();

    private static final long LONG_SUBCLASS = 1L << 24;
    private static final long LIST_SUBCLASS = 1L << 25;
    private static final long TUPLE_SUBCLASS = 1L << 26;
    private static final long BYTES_SUBCLASS = 1L << 27;
    private static final long UNICODE_SUBCLASS = 1L << 28;
    private static final long DICT_SUBCLASS = 1L << 29;
    private static final long OB_TYPE_OFFSET = 8; // PyObject { Py_ssize_t ob_refcnt; PyTypeObject *ob_type; }

    private final PythonEngine engine;
    private final EngineParts parts;
    private final PythonErrors errors;
    private final Callbacks callbacks; // null in a sub-interpreter: Java functions cannot enter it
    /** False in a sub-interpreter: its objects must not leave it as PyObjects of the main engine. */
    private final boolean keepsObjects;
    private final long none;
    private final long pyTrue;
    private final long pyFalse;
    private final long floatType;
    // Exact types, compared with ob_type before any flags are read: one native call less per common value.
    private final long longType;
    private final long unicodeType;
    private final long listType;
    private final long tupleType;
    private final long dictType;
    private final long bytesType;
    private final long setType;
    private final long frozenSetType;
    private final long byteArrayType;
    private final long memoryViewType;
    /** {@code PyObject_CallOneArg} is a libpython function from 3.11 on (a header inline before). */
    private final boolean callOneArgExported;
    private final NumpyScalars numpyScalars = new NumpyScalars(this);
    private Bootstrap bootstrap;
    /** Null: every int through {@code PyLong_AsLongLong} (a layout this version does not know, or not yet set). */
    private CompactInts compactInts;

    /** The main interpreter's conversions: Java functions become Python callables through {@code callbacks}. */
    public Conversions(PythonEngine engine, PythonErrors errors, CApi api, Callbacks callbacks) {
        this(engine, errors, api, callbacks, true);
    }

    /** A sub-interpreter's: values cross as Java values only, no PyObject and no Java function. */
    public static Conversions forSubInterpreter(PythonEngine engine, PythonErrors errors, CApi api) {
        return new Conversions(engine, errors, api, null, false);
    }

    private Conversions(PythonEngine engine, PythonErrors errors, CApi api, Callbacks callbacks, boolean keepsObjects) {
        this.engine = engine;
        this.parts = ACCESS.parts(engine);
        this.errors = errors;
        this.callbacks = callbacks;
        this.keepsObjects = keepsObjects;
        this.none = api.symbolAddress("_Py_NoneStruct");
        this.pyTrue = api.symbolAddress("_Py_TrueStruct");
        this.pyFalse = api.symbolAddress("_Py_FalseStruct");
        this.floatType = api.symbolAddress("PyFloat_Type");
        this.longType = api.symbolAddress("PyLong_Type");
        this.unicodeType = api.symbolAddress("PyUnicode_Type");
        this.listType = api.symbolAddress("PyList_Type");
        this.tupleType = api.symbolAddress("PyTuple_Type");
        this.dictType = api.symbolAddress("PyDict_Type");
        this.bytesType = api.symbolAddress("PyBytes_Type");
        this.callOneArgExported = api.exports("PyObject_CallOneArg");
        this.setType = api.symbolAddress("PySet_Type");
        this.frozenSetType = api.symbolAddress("PyFrozenSet_Type");
        this.byteArrayType = api.symbolAddress("PyByteArray_Type");
        this.memoryViewType = api.symbolAddress("PyMemoryView_Type");
    }

    /**
     * The bootstrap module, once it runs; from then on small exact ints are read from memory where this CPython's int
     * layout is known ({@link CompactInts}; the same libpython, so the same answer, in every interpreter).
     */
    public void bootstrap(GilHeld gil, Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
        List<?> intLayout = (List<?>) bootstrap.call(gil, "int_layout");
        this.compactInts = CompactInts.forLayout(parts.libPython().version(), ((Long) intLayout.get(0)).intValue(),
                ((Long) intLayout.get(1)).intValue());
    }

    public boolean readsCompactInts() {
        return compactInts != null;
    }

    public long none() {
        return none;
    }

    public PythonEngine engine() {
        return engine;
    }

    /** The object's type (borrowed). */
    public long typeOf(GilHeld gil, long obj) {
        return gil.api().readPointer(obj + OB_TYPE_OFFSET);
    }

    /**
     * Converts a borrowed reference. A value that contains itself, or is nested more than
     * {@link ConversionNesting#MAX_DEPTH} containers deep, is refused with an {@link IllegalArgumentException} naming
     * the path.
     */
    public Object toJava(GilHeld gil, long obj) {
        try {
            return toJava(gil, obj, 0);
        } catch (ConversionNesting nesting) {
            throw nesting.toError("a Python " + typeName(gil, typeOf(gil, obj)), "Java");
        }
    }

    /** {@code depth}: how many containers hold {@code obj} (0 at the top). */
    private Object toJava(GilHeld gil, long obj, int depth) {
        CApi api = gil.api();
        if (obj == none) {
            return null;
        }
        if (obj == pyTrue) {
            return Boolean.TRUE;
        }
        if (obj == pyFalse) {
            return Boolean.FALSE;
        }
        long type = api.readPointer(obj + OB_TYPE_OFFSET);
        if (type == longType) {
            Long small = compactInts == null ? null : compactInts.read(gil, obj);
            return small != null ? small : toJavaInt(gil, obj);
        }
        if (type == unicodeType) {
            return toJavaString(gil, obj);
        }
        if (type == floatType) {
            return api.PyFloat_AsDouble(obj);
        }
        if (type == listType) {
            return toJavaList(gil, obj, depth);
        }
        if (type == tupleType) {
            return toJavaTuple(gil, obj, depth);
        }
        if (type == dictType) {
            return toJavaMap(gil, obj, depth);
        }
        if (type == bytesType) {
            return toJavaBytes(gil, obj);
        }
        return toJavaByFlags(gil, obj, type, depth);
    }

    /** Subclasses of the exact types above, and the rest. */
    private Object toJavaByFlags(GilHeld gil, long obj, long type, int depth) {
        CApi api = gil.api();
        long flags = api.PyType_GetFlags(type);
        if ((flags & LONG_SUBCLASS) != 0) {
            return toJavaInt(gil, obj);
        }
        if ((flags & UNICODE_SUBCLASS) != 0) {
            return toJavaString(gil, obj);
        }
        if ((flags & BYTES_SUBCLASS) != 0) {
            return toJavaBytes(gil, obj);
        }
        if ((flags & LIST_SUBCLASS) != 0) {
            return toJavaList(gil, obj, depth);
        }
        if ((flags & TUPLE_SUBCLASS) != 0) {
            return toJavaTuple(gil, obj, depth);
        }
        if ((flags & DICT_SUBCLASS) != 0) {
            return toJavaMap(gil, obj, depth);
        }
        if (type == setType || type == frozenSetType) {
            return toJavaSet(gil, obj, depth);
        }
        if (type == byteArrayType || type == memoryViewType) {
            checkBufferSize(gil, obj, type);
            long bytes = checked(gil, api.PyBytes_FromObject(obj));
            try {
                return toJava(gil, bytes);
            } finally {
                api.Py_DecRef(bytes);
            }
        }
        Object numpyScalar = numpyScalars.toJava(gil, obj, type);
        if (numpyScalar != null) {
            return numpyScalar;
        }
        if (!keepsObjects) {
            throw new IllegalArgumentException("a Python " + typeName(gil, type) + " cannot leave its sub-interpreter:"
                    + " return plain values (None, bool, int, float, str, bytes, list, tuple, dict, set)");
        }
        api.Py_IncRef(obj);
        return ACCESS.newPyObject(engine, obj);
    }

    public boolean keepsObjects() {
        return keepsObjects;
    }

    private byte[] toJavaBytes(GilHeld gil, long bytes) {
        CApi api = gil.api();
        long size = api.PyBytes_Size(bytes);
        return api.readBytes(api.PyBytes_AsString(bytes), javaArrayLength(size, "bytes"));
    }

    /** Java's limit on array length (HotSpot refuses a few entries below Integer.MAX_VALUE). */
    public static final long MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    /** {@code size} as an array length, or an error that names Java's array limit (not "integer overflow"). */
    public static int javaArrayLength(long size, String what) {
        if (size > MAX_JAVA_ARRAY) {
            throw new IllegalArgumentException("a Python " + what + " of " + size + " bytes does not fit a Java array"
                    + " (Java arrays hold at most " + MAX_JAVA_ARRAY + " elements); pass it in slices (b[i:j]) or keep"
                    + " it a PyObject");
        }
        return (int) size;
    }

    /** bytearray and memoryview are copied into a bytes first: refuse one too big for Java before copying it. */
    private void checkBufferSize(GilHeld gil, long obj, long type) {
        CApi api = gil.api();
        long size;
        if (type == byteArrayType) {
            size = api.PyObject_Size(obj);
        } else {
            long nbytes = checked(gil, api.PyObject_GetAttrString(obj, NBYTES));
            size = api.PyLong_AsLongLong(nbytes);
            api.Py_DecRef(nbytes);
        }
        if (size < 0 && api.PyErr_Occurred() != 0) {
            throw errors.fetch(gil);
        }
        javaArrayLength(size, type == byteArrayType ? "bytearray" : "memoryview");
    }

    private static final byte[] NBYTES = Utf8.cString("nbytes");

    private List<Object> toJavaList(GilHeld gil, long list, int depth) {
        CApi api = gil.api();
        checkDepth(list, depth);
        long size = api.PyList_Size(list);
        List<Object> result = new ArrayList<>((int) size);
        for (long i = 0; i < size; i++) {
            try {
                result.add(toJava(gil, api.PyList_GetItem(list, i), depth + 1));
            } catch (ConversionNesting nesting) {
                throw nesting.through(list, "[" + i + "]");
            }
        }
        return result;
    }

    private List<Object> toJavaTuple(GilHeld gil, long tuple, int depth) {
        CApi api = gil.api();
        checkDepth(tuple, depth);
        long size = api.PyTuple_Size(tuple);
        List<Object> result = new ArrayList<>((int) size);
        for (long i = 0; i < size; i++) {
            try {
                result.add(toJava(gil, api.PyTuple_GetItem(tuple, i), depth + 1));
            } catch (ConversionNesting nesting) {
                throw nesting.through(tuple, "[" + i + "]");
            }
        }
        return result;
    }

    private Map<Object, Object> toJavaMap(GilHeld gil, long dict, int depth) {
        CApi api = gil.api();
        checkDepth(dict, depth);
        Map<Object, Object> map = new LinkedHashMap<>();
        long[] pos = new long[1];
        long[] key = new long[1];
        long[] value = new long[1];
        while (api.PyDict_Next(dict, pos, key, value) != 0) {
            Object javaKey;
            try {
                javaKey = toJava(gil, key[0], depth + 1);
            } catch (ConversionNesting nesting) {
                throw nesting.through(dict, "[<key>]");
            }
            try {
                map.put(javaKey, toJava(gil, value[0], depth + 1));
            } catch (ConversionNesting nesting) {
                throw nesting.through(dict, ConversionNesting.keyStep(javaKey));
            }
        }
        return map;
    }

    /** Python containers are compared by address on the way out, to tell a cycle from plain depth. */
    private static void checkDepth(long container, int depth) {
        if (depth >= ConversionNesting.MAX_DEPTH) {
            throw ConversionNesting.atPython(container);
        }
    }

    private String typeName(GilHeld gil, long type) {
        long name = gil.api().PyObject_GetAttrString(type, Utf8.cString("__name__"));
        if (name == 0) {
            gil.api().PyErr_Clear();
            return "object";
        }
        try {
            return toJavaString(gil, name);
        } finally {
            gil.api().Py_DecRef(name);
        }
    }

    private Set<Object> toJavaSet(GilHeld gil, long set, int depth) {
        CApi api = gil.api();
        checkDepth(set, depth);
        long iterator = checked(gil, api.PyObject_GetIter(set));
        try {
            Set<Object> result = new LinkedHashSet<>();
            for (long item = api.PyIter_Next(iterator); item != 0; item = api.PyIter_Next(iterator)) {
                try {
                    result.add(toJava(gil, item, depth + 1));
                } catch (ConversionNesting nesting) {
                    throw nesting.through(set, "{item}");
                } finally {
                    api.Py_DecRef(item);
                }
            }
            if (api.PyErr_Occurred() != 0) {
                throw errors.fetch(gil);
            }
            return result;
        } finally {
            api.Py_DecRef(iterator);
        }
    }

    /**
     * A str as a Java String, exactly: UTF-8 (cached inside the str) when it can be, else UTF-16 with
     * {@code surrogatepass}, so that lone surrogates (e.g. from {@code surrogateescape}) survive too.
     */
    public String toJavaString(GilHeld gil, long str) {
        CApi api = gil.api();
        long[] size = new long[1];
        long utf8 = api.PyUnicode_AsUTF8AndSize(str, size);
        if (utf8 != 0) {
            byte[] bytes = api.readBytes(utf8, javaArrayLength(size[0], "str (UTF-8)"));
            return new String(bytes, StandardCharsets.UTF_8);
        }
        api.PyErr_Clear();
        long utf16 = checked(gil, api.PyUnicode_AsEncodedString(str, UTF_16_LE, SURROGATEPASS));
        try {
            long length = api.PyBytes_Size(utf16);
            byte[] bytes = api.readBytes(api.PyBytes_AsString(utf16), javaArrayLength(length, "str (UTF-16)"));
            // Not new String(bytes, UTF_16LE): Java's decoder would replace a lone surrogate with U+FFFD.
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().toString();
        } finally {
            api.Py_DecRef(utf16);
        }
    }

    private static final byte[] UTF_16_LE = Utf8.cString("utf-16-le");
    private static final byte[] SURROGATEPASS = Utf8.cString("surrogatepass");

    /** A new str, exactly: UTF-8 unless the string has surrogates, then UTF-16 with {@code surrogatepass}. */
    private long toPythonString(GilHeld gil, String text) {
        CApi api = gil.api();
        if (!hasSurrogates(text)) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return checked(gil, api.PyUnicode_FromStringAndSize(utf8, utf8.length));
        }
        // Not getBytes(UTF_16LE): Java's encoder would replace a lone surrogate with '?'.
        ByteBuffer buffer = ByteBuffer.allocate(text.length() * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asCharBuffer().put(text);
        byte[] utf16 = buffer.array();
        return checked(gil, api.PyUnicode_DecodeUTF16(utf16, utf16.length, SURROGATEPASS, new int[]{-1}));
    }

    private static boolean hasSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code obj} is an int (Py_TPFLAGS_LONG_SUBCLASS): PyLong_AsLongLong's contract (see CApi). For an int its only
     * error is OverflowError, which means "take the BigInteger path".
     */
    private Object toJavaInt(GilHeld gil, long obj) {
        long value = gil.api().PyLong_AsLongLong(obj);
        if (value != -1 || gil.api().PyErr_Occurred() == 0) {
            return value;
        }
        gil.api().PyErr_Clear();
        long text = checked(gil, gil.api().PyNumber_ToBase(obj, 16)); // not str(): refused beyond 4,300 digits
        try {
            long[] size = new long[1];
            long utf8 = gil.api().PyUnicode_AsUTF8AndSize(text, size);
            return BigInts.fromPythonHex(gil.api().readBytes(checked(gil, utf8), Math.toIntExact(size[0])));
        } finally {
            gil.api().Py_DecRef(text);
        }
    }

    /**
     * Converts a Java value to a new Python reference. A collection, map or array that contains itself, or is nested
     * more than {@link ConversionNesting#MAX_DEPTH} deep, is refused with an {@link IllegalArgumentException} naming the
     * path.
     */
    public long toPython(GilHeld gil, Object value) {
        try {
            return toPython(gil, value, 0);
        } catch (ConversionNesting nesting) {
            throw nesting.toError("a " + value.getClass().getName(), "Python");
        }
    }

    /** {@code depth}: how many collections, maps or arrays hold {@code value} (0 at the top). */
    private long toPython(GilHeld gil, Object value, int depth) {
        CApi api = gil.api();
        if (value == null) {
            api.Py_IncRef(none);
            return none;
        }
        if (value instanceof PyObject py) {
            if (!keepsObjects) {
                throw new IllegalArgumentException("a PyObject of the main interpreter cannot enter a sub-interpreter;"
                        + " pass plain Java values");
            }
            long handle = ACCESS.handle(py, gil);
            api.Py_IncRef(handle);
            ACCESS.fence(py);
            return handle;
        }
        if (value instanceof Callbacks.Borrowed borrowed) {
            api.Py_IncRef(borrowed.handle());
            return borrowed.handle();
        }
        if (value instanceof Boolean b) {
            return checked(gil, api.PyBool_FromLong(b ? 1 : 0));
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return checked(gil, api.PyLong_FromLongLong(((Number) value).longValue()));
        }
        if (value instanceof BigInteger big) {
            return checked(gil, api.PyLong_FromString(BigInts.toPythonHex(big), 0, 16));
        }
        if (value instanceof Double || value instanceof Float) {
            return checked(gil, api.PyFloat_FromDouble(((Number) value).doubleValue()));
        }
        if (value instanceof CharSequence text) {
            return toPythonString(gil, text.toString());
        }
        if (value instanceof byte[] bytes) {
            return checked(gil, api.PyBytes_FromStringAndSize(bytes, bytes.length));
        }
        if (value instanceof Set<?> items) {
            return toPythonSet(gil, items, depth);
        }
        if (value instanceof Collection<?> items) {
            return toPythonList(gil, items, items, depth);
        }
        if (value instanceof Optional<?> optional) {
            return toPython(gil, optional.orElse(null), depth);
        }
        if (value instanceof double[] doubles) {
            return arrayFromBytes(gil, "d", PrimitiveBlocks.bytesOf(doubles), true);
        }
        if (value instanceof long[] longs) {
            return arrayFromBytes(gil, "q", PrimitiveBlocks.bytesOf(longs), true);
        }
        if (value instanceof int[] ints) {
            return arrayFromBytes(gil, "q", PrimitiveBlocks.bytesOf(java.util.Arrays.stream(ints).asLongStream().toArray()), true);
        }
        if (value instanceof Object[] items) {
            return toPythonList(gil, java.util.Arrays.asList(items), items, depth);
        }
        if (value instanceof Map<?, ?> map) {
            return toPythonDict(gil, map, depth);
        }
        if ((value instanceof JavaFunction || value instanceof Function || value instanceof Supplier) && callbacks == null) {
            throw new IllegalArgumentException("Java functions cannot be passed into a sub-interpreter; use the main"
                    + " interpreter (engine.withGil) for callbacks");
        }
        if (value instanceof JavaFunction function) {
            return callbacks.functionObject(gil, function, false);
        }
        if (value instanceof Function<?, ?> function) {
            @SuppressWarnings("unchecked")
            Function<Object, Object> f = (Function<Object, Object>) function;
            return callbacks.functionObject(gil, args -> f.apply(args.length == 0 ? null : args[0]), false);
        }
        if (value instanceof Supplier<?> supplier) {
            return callbacks.functionObject(gil, args -> supplier.get(), false);
        }
        throw new IllegalArgumentException("no Python conversion for Java type " + value.getClass().getName()
                + "; pass null, Boolean, a number, String, byte[], a Collection, a Map, a JavaFunction or a PyObject,"
                + " or register the object with engine.registerObject(...)");
    }

    /**
     * From this size on, a collection of only {@code Double}s (or only integral boxes) crosses as one block of bytes
     * and one bootstrap call (~1 us) instead of two native calls per element (~150 ns each through JNA).
     */
    public static final int BLOCK_LIST_MIN_SIZE = 64;

    /** {@code identity}: the collection, or the array {@code items} wraps (what a cycle would lead back to). */
    private long toPythonList(GilHeld gil, Collection<?> items, Object identity, int depth) {
        checkDepth(identity, depth);
        if (items.size() >= BLOCK_LIST_MIN_SIZE) {
            double[] doubles = PrimitiveBlocks.doublesOrNull(items);
            if (doubles != null) {
                return arrayFromBytes(gil, "d", PrimitiveBlocks.bytesOf(doubles), true);
            }
            long[] longs = PrimitiveBlocks.longsOrNull(items);
            if (longs != null) {
                return arrayFromBytes(gil, "q", PrimitiveBlocks.bytesOf(longs), true);
            }
        }
        CApi api = gil.api();
        long list = checked(gil, api.PyList_New(items.size()));
        long i = 0;
        try {
            for (Object item : items) {
                long converted;
                try {
                    converted = toPython(gil, item, depth + 1);
                } catch (ConversionNesting nesting) {
                    throw nesting.through(identity, "[" + i + "]");
                }
                api.PyList_SetItem(list, i++, converted);
            }
        } catch (RuntimeException e) {
            api.Py_DecRef(list);
            throw e;
        }
        return list;
    }

    private long toPythonSet(GilHeld gil, Set<?> items, int depth) {
        CApi api = gil.api();
        checkDepth(items, depth);
        long set = checked(gil, api.PySet_New(0));
        try {
            for (Object item : items) {
                long key;
                try {
                    key = toPython(gil, item, depth + 1);
                } catch (ConversionNesting nesting) {
                    throw nesting.through(items, "{item}");
                }
                try {
                    if (api.PySet_Add(set, key) != 0) {
                        throw errors.fetch(gil);
                    }
                } finally {
                    api.Py_DecRef(key);
                }
            }
        } catch (RuntimeException e) {
            api.Py_DecRef(set);
            throw e;
        }
        return set;
    }

    /** Java containers are compared by identity on the way out, to tell a cycle from plain depth. */
    private static void checkDepth(Object container, int depth) {
        if (depth >= ConversionNesting.MAX_DEPTH) {
            throw ConversionNesting.atJava(container);
        }
    }

    /** A new list (or array.array) of numbers, built from one block of native-order bytes. */
    public long arrayFromBytes(GilHeld gil, String typecode, byte[] bytes, boolean asList) {
        return bootstrap.callReference(gil, "array_from_bytes", typecode, bytes, asList);
    }

    /** The numbers of {@code obj} as native-order bytes: one copy, whatever holds them (list, array, numpy). */
    public byte[] arrayBytes(GilHeld gil, long obj, String typecode) {
        return (byte[]) bootstrap.call(gil, "to_array_bytes", new Callbacks.Borrowed(obj), typecode);
    }

    private long toPythonDict(GilHeld gil, Map<?, ?> map, int depth) {
        CApi api = gil.api();
        checkDepth(map, depth);
        long dict = checked(gil, api.PyDict_New());
        try {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                long key;
                long value;
                try {
                    key = toPython(gil, entry.getKey(), depth + 1);
                } catch (ConversionNesting nesting) {
                    throw nesting.through(map, "[<key>]");
                }
                try {
                    try {
                        value = toPython(gil, entry.getValue(), depth + 1);
                    } catch (ConversionNesting nesting) {
                        throw nesting.through(map, ConversionNesting.keyStep(entry.getKey()));
                    }
                    try {
                        if (api.PyDict_SetItem(dict, key, value) != 0) {
                            throw errors.fetch(gil);
                        }
                    } finally {
                        api.Py_DecRef(value);
                    }
                } finally {
                    api.Py_DecRef(key);
                }
            }
        } catch (RuntimeException e) {
            api.Py_DecRef(dict);
            throw e;
        }
        return dict;
    }

    /**
     * {@code owner.name(*args)} (a module's function, say), arguments converted from Java and the result to Java;
     * {@code owner} is borrowed.
     */
    public Object callAttribute(GilHeld gil, long owner, String name, Object[] args) {
        CApi api = gil.api();
        long callable = checked(gil, api.PyObject_GetAttrString(owner, Utf8.cString(name)));
        try {
            long result = call(gil, callable, args, null);
            try {
                return toJava(gil, result);
            } finally {
                api.Py_DecRef(result);
            }
        } finally {
            api.Py_DecRef(callable);
        }
    }

    /**
     * Calls {@code callable} with arguments and keyword arguments converted from Java; returns the result as a new
     * reference. {@code kwargs} may be null.
     */
    public long call(GilHeld gil, long callable, Object[] args, Map<String, ?> kwargs) {
        CApi api = gil.api();
        boolean positionalOnly = kwargs == null || kwargs.isEmpty();
        if (positionalOnly && args.length == 0) {
            return checked(gil, api.PyObject_CallNoArgs(callable));
        }
        if (positionalOnly && args.length == 1 && callOneArgExported) {
            long arg = toPython(gil, args[0]);
            try {
                return checked(gil, api.PyObject_CallOneArg(callable, arg));
            } finally {
                api.Py_DecRef(arg);
            }
        }
        long tuple = checked(gil, api.PyTuple_New(args.length));
        long dict = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                api.PyTuple_SetItem(tuple, i, toPython(gil, args[i]));
            }
            if (kwargs != null && !kwargs.isEmpty()) {
                dict = toPython(gil, kwargs);
            }
            return checked(gil, api.PyObject_Call(callable, tuple, dict));
        } finally {
            api.Py_DecRef(tuple);
            if (dict != 0) {
                api.Py_DecRef(dict);
            }
        }
    }

    /** A new reference, or the pending Python error as a {@link PythonException}. */
    public long checked(GilHeld gil, long reference) {
        if (reference == 0) {
            throw errors.fetch(gil);
        }
        return reference;
    }
}
