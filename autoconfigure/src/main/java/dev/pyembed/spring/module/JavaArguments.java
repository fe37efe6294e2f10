package dev.pyembed.spring.module;

import dev.pyembed.PyObject;
import org.springframework.beans.BeanUtils;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Java arguments to values core converts ({@code dev.pyembed.Conversions}): records and JavaBeans to maps (Python
 * dicts), enums to their names, {@code Optional} to its value, containers element by element. What core converts
 * itself (strings, numbers, booleans, {@code byte[]}, primitive arrays, {@code PyObject}, functions) passes unchanged.
 */
final class JavaArguments {

    /** Deeper than this is a value that contains itself, or nearly so. */
    private static final int MAX_DEPTH = 100;

    private JavaArguments() {
    }

    static Object toPython(Object value, String where) {
        return convert(value, where, 0);
    }

    private static Object convert(Object value, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(where + " is nested more than " + MAX_DEPTH
                    + " levels deep (does it contain itself?)");
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof PyObject || value instanceof byte[] || value.getClass().isArray()
                && value.getClass().getComponentType().isPrimitive()) {
            return value;
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Optional<?> optional) {
            return convert(optional.orElse(null), where, depth + 1);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> dict = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                dict.put(convert(entry.getKey(), where + " key", depth + 1),
                        convert(entry.getValue(), where + "['" + entry.getKey() + "']", depth + 1));
            }
            return dict;
        }
        if (value instanceof Set<?> set) {
            Set<Object> converted = new LinkedHashSet<>();
            for (Object element : set) {
                converted.add(convert(element, where + " element", depth + 1));
            }
            return converted;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            int i = 0;
            for (Object element : collection) {
                list.add(convert(element, where + "[" + i++ + "]", depth + 1));
            }
            return list;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> list = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(convert(Array.get(value, i), where + "[" + i + "]", depth + 1));
            }
            return list;
        }
        if (value.getClass().isRecord()) {
            Map<String, Object> dict = new LinkedHashMap<>();
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                dict.put(component.getName(), convert(read(component.getAccessor(), value, where), where + "."
                        + component.getName(), depth + 1));
            }
            return dict;
        }
        if (isJavaBean(value.getClass())) {
            Map<String, Object> dict = new LinkedHashMap<>();
            for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(value.getClass())) {
                if (property.getReadMethod() != null && !"class".equals(property.getName())) {
                    dict.put(property.getName(), convert(read(property.getReadMethod(), value, where),
                            where + "." + property.getName(), depth + 1));
                }
            }
            return dict;
        }
        return value; // functions and the rest: core converts or refuses them
    }

    /**
     * The keyword names a {@link PythonKeywords} parameter of {@code type} gives: a record's components, a JavaBean's
     * readable properties; {@code null} for any other type (a {@code Map}'s are known only at the call).
     */
    static List<String> keywordNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
            }
            return names;
        }
        if (type.isInterface() || type.isArray() || type.isPrimitive() || !isJavaBean(type)) {
            return null;
        }
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() != null && !"class".equals(property.getName())) {
                names.add(property.getName());
            }
        }
        return names;
    }

    /** A class of the application's (not the JDK's) with at least one readable property besides {@code getClass()}. */
    private static boolean isJavaBean(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || java.util.function.Function.class.isAssignableFrom(type)
                || java.util.function.Supplier.class.isAssignableFrom(type)
                || dev.pyembed.JavaFunction.class.isAssignableFrom(type)) {
            return false;
        }
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() != null && !"class".equals(property.getName())) {
                return true;
            }
        }
        return false;
    }

    private static Object read(Method accessor, Object target, String where) {
        try {
            accessor.setAccessible(true);
            return accessor.invoke(target);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(where + ": " + accessor.getName() + "() threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": cannot read " + accessor.getName() + "(): " + e, e);
        }
    }
}
