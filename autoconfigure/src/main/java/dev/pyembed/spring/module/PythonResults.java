package dev.pyembed.spring.module;

import dev.pyembed.PyObject;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Python function's result (as core converted it: {@code Map}, {@code List}, {@code Long}, ..., or a
 * {@code PyObject}) to a method's declared generic return type. Runs in the call's GIL scope (a {@code PyObject}
 * is read there). Strict: what does not fit throws {@link PythonResultException}.
 */
final class PythonResults {

    private final String method;
    private final String function;

    /**
     * @param method   {@code SimpleInterfaceName.method}
     * @param function {@code module.function}
     */
    PythonResults(String method, String function) {
        this.method = method;
        this.function = function;
    }

    /** {@code SimpleInterfaceName.method}. */
    String method() {
        return method;
    }

    Object convert(Object value, Type type) {
        return convert(value, type, "result");
    }

    private Object convert(Object value, Type type, String path) {
        if (type instanceof WildcardType wildcard) {
            return convert(value, wildcard.getUpperBounds()[0], path);
        }
        Class<?> raw = raw(type);
        if (raw == void.class || raw == Void.class) {
            return null;
        }
        if (raw == Optional.class) {
            return value == null ? Optional.empty() : Optional.of(convert(value, argument(type, 0), path));
        }
        if (raw == PyObject.class) {
            if (value instanceof PyObject || value == null) {
                return value;
            }
            throw mismatch(path, type, value, "it converted to a Java " + value.getClass().getSimpleName()
                    + "; declare that type (or Object) instead");
        }
        if (value == null) {
            if (raw.isPrimitive()) {
                throw mismatch(path, type, null, "a primitive cannot be null; declare "
                        + boxed(raw).getSimpleName() + " or Optional");
            }
            return null;
        }
        if (raw == Object.class) {
            return value;
        }
        if (raw == String.class) {
            return expect(value instanceof String, value, path, type);
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            double d;
            if (value instanceof Double v) {
                d = v;
            } else if (value instanceof Long v) {
                d = v;
            } else {
                throw mismatch(path, type, value, null);
            }
            return raw == float.class || raw == Float.class ? (Object) (float) d : (Object) d;
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class
                || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class) {
            return integer(value, raw, path, type);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return expect(value instanceof Boolean, value, path, type);
        }
        if (raw == BigInteger.class) {
            if (value instanceof Long v) {
                return BigInteger.valueOf(v);
            }
            return expect(value instanceof BigInteger, value, path, type);
        }
        if (raw == BigDecimal.class) {
            if (value instanceof Long v) {
                return BigDecimal.valueOf(v);
            }
            if (value instanceof BigInteger v) {
                return new BigDecimal(v);
            }
            if (value instanceof Double v && Double.isFinite(v)) {
                return BigDecimal.valueOf(v);
            }
            throw mismatch(path, type, value, null);
        }
        if (raw == byte[].class) {
            return expect(value instanceof byte[], value, path, type);
        }
        if (raw.isEnum()) {
            return enumConstant(value, raw, path, type);
        }
        if (raw == double[].class || raw == long[].class || raw == int[].class) {
            return primitiveArray(value, raw, path, type);
        }
        if (raw.isArray()) {
            List<?> list = list(value, path, type);
            Type component = type instanceof GenericArrayType generic ? generic.getGenericComponentType()
                    : raw.getComponentType();
            Object array = Array.newInstance(raw(component), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), component, path + "[" + i + "]"));
            }
            return array;
        }
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            List<?> list = list(value, path, type);
            List<Object> converted = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                converted.add(convert(list.get(i), argument(type, 0), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(converted);
        }
        if (raw == Set.class) {
            if (!(value instanceof Collection<?> elements)) {
                throw mismatch(path, type, value, null);
            }
            Set<Object> converted = new LinkedHashSet<>();
            int i = 0;
            for (Object element : elements) {
                converted.add(convert(element, argument(type, 0), path + "[" + i++ + "]"));
            }
            return Collections.unmodifiableSet(converted);
        }
        if (raw == Map.class) {
            if (!(value instanceof Map<?, ?> map)) {
                throw mismatch(path, type, value, null);
            }
            Map<Object, Object> converted = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String at = path + "[" + pythonRepr(entry.getKey()) + "]";
                converted.put(convert(entry.getKey(), argument(type, 0), at + " (key)"),
                        convert(entry.getValue(), argument(type, 1), at));
            }
            return Collections.unmodifiableMap(converted);
        }
        if (raw.isRecord()) {
            return record(value, raw, path);
        }
        if (raw.isInstance(value)) {
            return value;
        }
        throw mismatch(path, type, value, null);
    }

    private Object record(Object value, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        if (value instanceof Map<?, ?> dict) {
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                if (!dict.containsKey(name)) {
                    throw new PythonResultException(method, path + "." + name, components[i].getGenericType(), "dict",
                            prefix(path + "." + name, components[i].getGenericType()) + "the Python dict has no key '"
                                    + name + "' for component " + type.getSimpleName() + "." + name + " (its keys: "
                                    + keys(dict) + ")");
                }
                values[i] = convert(dict.get(name), components[i].getGenericType(), path + "." + name);
            }
        } else if (value instanceof List<?> tuple) {
            if (tuple.size() != components.length) {
                throw mismatch(path, type, value, "a tuple of " + tuple.size() + " items cannot fill the "
                        + components.length + " components of " + type.getSimpleName());
            }
            for (int i = 0; i < components.length; i++) {
                values[i] = convert(tuple.get(i), components[i].getGenericType(), path + "." + components[i].getName());
            }
        } else if (value instanceof PyObject object) {
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                if (!object.hasAttr(name)) {
                    throw new PythonResultException(method, path + "." + name, components[i].getGenericType(),
                            object.typeName(), prefix(path + "." + name, components[i].getGenericType())
                            + "the Python " + object.typeName() + " has no attribute '" + name + "' for component "
                            + type.getSimpleName() + "." + name);
                }
                try (PyObject attribute = object.getAttr(name)) {
                    values[i] = convert(attribute.toJava(), components[i].getGenericType(), path + "." + name);
                }
            }
        } else {
            throw mismatch(path, type, value, "a record converts from a dict, a tuple or an object with attributes");
        }
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            PythonResultException refused = new PythonResultException(method, path, type, pythonType(value),
                    prefix(path, type) + "the constructor of " + type.getSimpleName() + " refused the values: " + cause);
            refused.initCause(cause);
            throw refused;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct record " + type.getName() + ": " + e, e);
        }
    }

    private Object integer(Object value, Class<?> raw, String path, Type type) {
        if (!(value instanceof Long) && !(value instanceof BigInteger)) {
            throw mismatch(path, type, value, value instanceof Double ? "a float is not converted to an integer type;"
                    + " return an int or declare double" : null);
        }
        Class<?> boxed = boxed(raw);
        long min = boxed == Long.class ? Long.MIN_VALUE : boxed == Integer.class ? Integer.MIN_VALUE
                : boxed == Short.class ? Short.MIN_VALUE : Byte.MIN_VALUE;
        long max = boxed == Long.class ? Long.MAX_VALUE : boxed == Integer.class ? Integer.MAX_VALUE
                : boxed == Short.class ? Short.MAX_VALUE : Byte.MAX_VALUE;
        if (value instanceof BigInteger || (Long) value < min || (Long) value > max) {
            throw mismatch(path, type, value, "the int " + value + " does not fit " + raw.getSimpleName());
        }
        long l = (Long) value;
        if (boxed == Long.class) {
            return l;
        }
        if (boxed == Integer.class) {
            return (int) l;
        }
        return boxed == Short.class ? (Object) (short) l : (Object) (byte) l;
    }

    private Object enumConstant(Object value, Class<?> raw, String path, Type type) {
        if (value instanceof String name) {
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            throw mismatch(path, type, value, "'" + name + "' is none of " + names);
        }
        throw mismatch(path, type, value, null);
    }

    private Object primitiveArray(Object value, Class<?> raw, String path, Type type) {
        if (value instanceof PyObject object) { // a numpy array, array.array: one block, through the buffer
            try {
                if (raw == double[].class) {
                    return object.as(double[].class);
                }
                long[] longs = object.as(long[].class);
                return raw == long[].class ? longs : ints(longs, path, type, value);
            } catch (IllegalArgumentException | ArithmeticException | dev.pyembed.PythonException e) {
                throw mismatch(path, type, value, e.getMessage());
            }
        }
        List<?> list = list(value, path, type);
        if (raw == double[].class) {
            double[] doubles = new double[list.size()];
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] = (Double) convert(list.get(i), double.class, path + "[" + i + "]");
            }
            return doubles;
        }
        if (raw == long[].class) {
            long[] longs = new long[list.size()];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = (Long) convert(list.get(i), long.class, path + "[" + i + "]");
            }
            return longs;
        }
        int[] ints = new int[list.size()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (Integer) convert(list.get(i), int.class, path + "[" + i + "]");
        }
        return ints;
    }

    private int[] ints(long[] longs, String path, Type type, Object value) {
        int[] ints = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            if (longs[i] != (int) longs[i]) {
                throw mismatch(path + "[" + i + "]", int.class, longs[i], "the int " + longs[i] + " does not fit int");
            }
            ints[i] = (int) longs[i];
        }
        return ints;
    }

    private List<?> list(Object value, String path, Type type) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw mismatch(path, type, value, null);
    }

    private PythonResultException mismatch(String path, Type type, Object value, String detail) {
        String pythonType = pythonType(value);
        return new PythonResultException(method, path, type, pythonType, prefix(path, type) + "the Python value is "
                + (value == null ? "None" : article(pythonType) + " " + pythonType + " (" + shortRepr(value) + ")")
                + (detail == null ? "" : ": " + detail));
    }

    private String prefix(String path, Type type) {
        return method + ": the result of " + function + "() does not fit at " + path + ", declared "
                + type.getTypeName() + ": ";
    }

    private static String article(String word) {
        return "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    /** The Python type core converted {@code value} from. */
    static String pythonType(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof PyObject object) {
            return object.typeName();
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Set) {
            return "set";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        return value.getClass().getSimpleName();
    }

    private static String shortRepr(Object value) {
        String repr = value instanceof byte[] bytes ? bytes.length + " bytes" : pythonRepr(value);
        return repr.length() > 80 ? repr.substring(0, 77) + "..." : repr;
    }

    private static String pythonRepr(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(value);
    }

    private static List<String> keys(Map<?, ?> dict) {
        List<String> keys = new ArrayList<>();
        for (Object key : dict.keySet()) {
            keys.add(pythonRepr(key));
        }
        return keys;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return Array.newInstance(raw(array.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType wildcard) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        return Object.class; // a type variable: as is
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[index] : Object.class;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return Array.get(Array.newInstance(type, 1), 0).getClass();
    }

    private Object expect(boolean fits, Object value, String path, Type type) {
        if (!fits) {
            throw mismatch(path, type, value, null);
        }
        return value;
    }

    /**
     * Why results of {@code type} can never convert, or {@code null} when they can: checked at start, so that a
     * declared type without a conversion fails the start rather than every call.
     */
    static String unsupported(Type type) {
        return unsupported(type, new java.util.HashSet<>());
    }

    private static String unsupported(Type type, Set<Type> seen) {
        if (!seen.add(type)) {
            return null;
        }
        Class<?> raw = raw(type);
        if (raw.isPrimitive() || raw == Object.class || raw == String.class || raw == Boolean.class
                || raw == BigInteger.class || raw == BigDecimal.class || raw == byte[].class || raw == PyObject.class
                || raw == Void.class || raw.isEnum() || Number.class.isAssignableFrom(raw) && raw.getName().startsWith("java.lang.")) {
            return null;
        }
        if (raw == Optional.class || raw == List.class || raw == Collection.class || raw == Iterable.class
                || raw == Set.class || raw == Map.class) {
            if (type instanceof ParameterizedType parameterized) {
                for (Type argument : parameterized.getActualTypeArguments()) {
                    String why = unsupported(argument, seen);
                    if (why != null) {
                        return why;
                    }
                }
            }
            return null;
        }
        if (raw.isArray()) {
            return unsupported(type instanceof GenericArrayType generic ? generic.getGenericComponentType()
                    : raw.getComponentType(), seen);
        }
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                String why = unsupported(component.getGenericType(), seen);
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (type instanceof java.lang.reflect.TypeVariable<?>) {
            return null;
        }
        return raw.getName() + " has no conversion from Python (declare a record, a collection, a Map, Optional,"
                + " a primitive, String, an enum, BigInteger, BigDecimal, byte[], PyObject or Object)";
    }
}
