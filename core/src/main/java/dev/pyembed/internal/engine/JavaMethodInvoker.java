package dev.pyembed.internal.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a public method of a registered Java object by name, the way Python code calls it:
 * {@code pyembed.java("risk").score(0.4, "gold")}. Overloads are chosen by name and number of arguments, then
 * by whether each converted argument fits the parameter type (a Python int fits {@code int}/{@code long}/
 * {@code double}, a float fits {@code double}/{@code float}); the first that fits wins.
 */
public final class JavaMethodInvoker {

    private final Map<String, List<Method>> methods = new ConcurrentHashMap<>();

    public Object invoke(Object target, String name, List<Object> args) throws Exception {
        List<Method> candidates = methods.computeIfAbsent(target.getClass().getName() + "#" + name + "/" + args.size(),
                key -> find(target.getClass(), name, args.size()));
        if (candidates.isEmpty()) {
            throw new NoSuchMethodException(target.getClass().getName() + " has no public method " + name + " taking "
                    + args.size() + " argument(s)");
        }
        for (Method method : candidates) {
            Object[] coerced = coerce(method.getParameterTypes(), args);
            if (coerced != null) {
                try {
                    return method.invoke(target, coerced);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception exception) {
                        throw exception;
                    }
                    throw (Error) cause;
                }
            }
        }
        throw new IllegalArgumentException("no overload of " + target.getClass().getSimpleName() + "." + name
                + " accepts (" + describe(args) + ")");
    }

    private static List<Method> find(Class<?> type, String name, int arity) {
        List<Method> found = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arity
                    && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                method.trySetAccessible();
                found.add(method);
            }
        }
        return found;
    }

    /** The arguments converted to the parameter types, or {@code null} when one does not fit. */
    private static Object[] coerce(Class<?>[] types, List<Object> args) {
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Object value = coerce(types[i], args.get(i));
            if (value == NO_FIT) {
                return null;
            }
            out[i] = value;
        }
        return out;
    }

    private static final Object NO_FIT = new Object();

    private static Object coerce(Class<?> type, Object value) {
        if (value == null) {
            return type.isPrimitive() ? NO_FIT : null;
        }
        if (value instanceof Long l) {
            if (type == long.class || type == Long.class) return l;
            if ((type == int.class || type == Integer.class) && l == (int) (long) l) return (int) (long) l;
            if (type == double.class || type == Double.class) return (double) l;
            if (type == BigInteger.class) return BigInteger.valueOf(l);
        }
        if (value instanceof Double d) {
            if (type == double.class || type == Double.class) return d;
            if (type == float.class || type == Float.class) return (float) (double) d;
        }
        if (value instanceof Boolean && (type == boolean.class)) {
            return value;
        }
        if (value instanceof List<?> list && type.isAssignableFrom(List.class)) {
            return list;
        }
        if (value instanceof List<?> list && Collection.class.isAssignableFrom(type) && type.isAssignableFrom(ArrayList.class)) {
            return list;
        }
        return type.isInstance(value) ? value : NO_FIT;
    }

    private static String describe(List<Object> args) {
        return args.stream().map(a -> a == null ? "None" : a.getClass().getSimpleName()).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
