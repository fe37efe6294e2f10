package dev.pyembed.internal.engine;

import dev.pyembed.PyObject;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link PyObject#as(Class)} for converted values: exact, never a silent cut or rounding of an integer. */
public final class ExactNumbers {

    private ExactNumbers() {
    }

    /** {@code value} as {@code type}, or {@code null} when it does not convert (a null value stays null). */
    public static Object convert(Object value, Class<?> type) {
        if (value == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException("Python None cannot be converted to " + type.getName());
            }
            return null;
        }
        if (type == Object.class || type.isInstance(value) && !type.isPrimitive()) {
            return value;
        }
        if (type == long.class || type == Long.class) {
            if (value instanceof Long) {
                return value;
            }
            if (value instanceof BigInteger big) {
                throw new ArithmeticException("the Python int " + big + " does not fit a long; ask for BigInteger");
            }
        }
        if (type == int.class || type == Integer.class) {
            if (value instanceof Long l) {
                if (l != (int) (long) l) {
                    throw new ArithmeticException("the Python int " + l + " does not fit an int; ask for long");
                }
                return (int) (long) l;
            }
            if (value instanceof BigInteger big) {
                throw new ArithmeticException("the Python int " + big + " does not fit an int; ask for BigInteger");
            }
        }
        if (type == BigInteger.class && value instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        if ((type == double.class || type == Double.class) && value instanceof Double) {
            return value;
        }
        if ((type == double.class || type == Double.class) && value instanceof Long l) {
            return (double) l;
        }
        if ((type == boolean.class || type == Boolean.class) && value instanceof Boolean) {
            return value;
        }
        if (type == List.class && value instanceof List || type == Map.class && value instanceof Map
                || type == Set.class && value instanceof Set) {
            return value;
        }
        return null;
    }
}
