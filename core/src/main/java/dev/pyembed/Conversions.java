package dev.pyembed;

import dev.pyembed.internal.GilHeld;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   <tr><td>int</td><td>{@link Long}, or {@link BigInteger} when it does not fit</td></tr>
 *   <tr><td>float</td><td>{@link Double}</td></tr>
 *   <tr><td>str</td><td>{@link String}</td></tr>
 *   <tr><td>bytes</td><td>{@code byte[]}</td></tr>
 *   <tr><td>list, tuple</td><td>{@link List} (converted element by element)</td></tr>
 *   <tr><td>dict</td><td>{@link Map} (a {@link LinkedHashMap}, Python's order)</td></tr>
 *   <tr><td>anything else</td><td>{@link PyObject}</td></tr>
 * </table>
 * Java to Python is the reverse, plus {@code Integer}/{@code Short}/{@code Byte} to int, {@code Float} to float,
 * any {@link Collection} to list and any {@link Map} to dict, and a {@link JavaFunction}, {@link Function} or
 * {@link Supplier} to a Python callable (it runs with the GIL held: meant for short functions such as sort keys);
 * other Java objects are refused with an {@link IllegalArgumentException}.
 */
final class Conversions {

    private static final long LONG_SUBCLASS = 1L << 24;
    private static final long LIST_SUBCLASS = 1L << 25;
    private static final long TUPLE_SUBCLASS = 1L << 26;
    private static final long BYTES_SUBCLASS = 1L << 27;
    private static final long UNICODE_SUBCLASS = 1L << 28;
    private static final long DICT_SUBCLASS = 1L << 29;
    private static final long OB_TYPE_OFFSET = 8; // PyObject { Py_ssize_t ob_refcnt; PyTypeObject *ob_type; }

    private final PythonEngine engine;
    private final PythonErrors errors;
    private Callbacks callbacks;
    private final long none;
    private final long pyTrue;
    private final long pyFalse;
    private final long floatType;

    Conversions(PythonEngine engine, PythonErrors errors, CApi api) {
        this.engine = engine;
        this.errors = errors;
        this.none = api.symbolAddress("_Py_NoneStruct");
        this.pyTrue = api.symbolAddress("_Py_TrueStruct");
        this.pyFalse = api.symbolAddress("_Py_FalseStruct");
        this.floatType = api.symbolAddress("PyFloat_Type");
    }

    long none() {
        return none;
    }

    PythonEngine engine() {
        return engine;
    }

    void callbacks(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** The object's type (borrowed). */
    long typeOf(GilHeld gil, long obj) {
        return gil.api().readPointer(obj + OB_TYPE_OFFSET);
    }

    /** Converts a borrowed reference. */
    Object toJava(GilHeld gil, long obj) {
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
        if (type == floatType) {
            return api.PyFloat_AsDouble(obj);
        }
        long flags = api.PyType_GetFlags(type);
        if ((flags & LONG_SUBCLASS) != 0) {
            return toJavaInt(gil, obj);
        }
        if ((flags & UNICODE_SUBCLASS) != 0) {
            return toJavaString(gil, obj);
        }
        if ((flags & BYTES_SUBCLASS) != 0) {
            long size = api.PyBytes_Size(obj);
            return new com.sun.jna.Pointer(api.PyBytes_AsString(obj)).getByteArray(0, Math.toIntExact(size));
        }
        if ((flags & LIST_SUBCLASS) != 0) {
            long size = api.PyList_Size(obj);
            List<Object> list = new ArrayList<>((int) size);
            for (long i = 0; i < size; i++) {
                list.add(toJava(gil, api.PyList_GetItem(obj, i)));
            }
            return list;
        }
        if ((flags & TUPLE_SUBCLASS) != 0) {
            long size = api.PyTuple_Size(obj);
            List<Object> list = new ArrayList<>((int) size);
            for (long i = 0; i < size; i++) {
                list.add(toJava(gil, api.PyTuple_GetItem(obj, i)));
            }
            return list;
        }
        if ((flags & DICT_SUBCLASS) != 0) {
            Map<Object, Object> map = new LinkedHashMap<>();
            long[] pos = new long[1];
            long[] key = new long[1];
            long[] value = new long[1];
            while (api.PyDict_Next(obj, pos, key, value) != 0) {
                map.put(toJava(gil, key[0]), toJava(gil, value[0]));
            }
            return map;
        }
        api.Py_IncRef(obj);
        return new PyObject(engine, obj);
    }

    String toJavaString(GilHeld gil, long str) {
        long[] size = new long[1];
        long utf8 = gil.api().PyUnicode_AsUTF8AndSize(str, size);
        if (utf8 == 0) {
            throw errors.fetch(gil);
        }
        byte[] bytes = new com.sun.jna.Pointer(utf8).getByteArray(0, Math.toIntExact(size[0]));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Object toJavaInt(GilHeld gil, long obj) {
        int[] overflow = new int[1];
        long value = gil.api().PyLong_AsLongLongAndOverflow(obj, overflow);
        if (overflow[0] == 0) {
            if (value == -1 && gil.api().PyErr_Occurred() != 0) {
                throw errors.fetch(gil);
            }
            return value;
        }
        long text = checked(gil, gil.api().PyObject_Str(obj));
        try {
            return new BigInteger(toJavaString(gil, text));
        } finally {
            gil.api().Py_DecRef(text);
        }
    }

    /** Converts a Java value to a new Python reference. */
    long toPython(GilHeld gil, Object value) {
        CApi api = gil.api();
        if (value == null) {
            api.Py_IncRef(none);
            return none;
        }
        if (value instanceof PyObject py) {
            long handle = py.handle(gil);
            api.Py_IncRef(handle);
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
            return checked(gil, api.PyLong_FromString(Utf8.cString(big.toString(16)), 0, 16));
        }
        if (value instanceof Double || value instanceof Float) {
            return checked(gil, api.PyFloat_FromDouble(((Number) value).doubleValue()));
        }
        if (value instanceof CharSequence text) {
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            return checked(gil, api.PyUnicode_FromStringAndSize(utf8, utf8.length));
        }
        if (value instanceof byte[] bytes) {
            return checked(gil, api.PyBytes_FromStringAndSize(bytes, bytes.length));
        }
        if (value instanceof Collection<?> items) {
            return toPythonList(gil, items);
        }
        if (value instanceof Map<?, ?> map) {
            return toPythonDict(gil, map);
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

    private long toPythonList(GilHeld gil, Collection<?> items) {
        CApi api = gil.api();
        long list = checked(gil, api.PyList_New(items.size()));
        long i = 0;
        try {
            for (Object item : items) {
                api.PyList_SetItem(list, i++, toPython(gil, item));
            }
        } catch (RuntimeException e) {
            api.Py_DecRef(list);
            throw e;
        }
        return list;
    }

    private long toPythonDict(GilHeld gil, Map<?, ?> map) {
        CApi api = gil.api();
        long dict = checked(gil, api.PyDict_New());
        try {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                long key = toPython(gil, entry.getKey());
                try {
                    long value = toPython(gil, entry.getValue());
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

    /** A new reference, or the pending Python error as a {@link PythonException}. */
    long checked(GilHeld gil, long reference) {
        if (reference == 0) {
            throw errors.fetch(gil);
        }
        return reference;
    }
}
