package dev.pyembed.internal.engine;

import dev.pyembed.PyObject;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.gil.GilHeld;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * numpy's scalars ({@code np.float64}, {@code np.float32}, {@code np.int64}, {@code np.int32}, {@code np.bool_}, and
 * the other fixed-size ints and floats) as Java values: {@code Double}, {@code Long} (or {@code BigInteger} for a
 * {@code uint64} beyond {@code Long.MAX_VALUE}) and {@code Boolean}, as their Python counterparts convert. Without
 * this, {@code gil.eval("np.sum(a)")} would be a {@link PyObject}. numpy is not imported or needed here: a type is
 * recognised by its C name ({@code tp_name}, "numpy.float64"), read from the type object.
 */
public final class NumpyScalars {

    /** {@code PyTypeObject.tp_name}: after ob_refcnt, ob_type and ob_size (64-bit, CPython 3.10 to 3.14). */
    private static final long TP_NAME_OFFSET = 24;
    private static final Pattern SCALAR = Pattern.compile("numpy\\.(bool_?|u?int(8|16|32|64|c|p)?|u?byte|u?short"
            + "|u?long|u?longlong|float(16|32|64)|half|single|double)");

    private final Conversions conversions;
    /** numpy's scalar types are static C types: their addresses never change or get reused while the process runs. */
    private final Map<Long, Boolean> scalarTypes = new ConcurrentHashMap<>();

    public NumpyScalars(Conversions conversions) {
        this.conversions = conversions;
    }

    /** The Java value of {@code obj} if it is a numpy scalar (never {@code null} then), else {@code null}. */
    public Object toJava(GilHeld gil, long obj, long type) {
        CApi api = gil.api();
        if (!scalarTypes.containsKey(type)) {
            long name = api.readPointer(type + TP_NAME_OFFSET);
            if (name == 0 || !SCALAR.matcher(api.readCString(name)).matches()) {
                return null; // not cached: heap types come and go, their addresses get reused
            }
            scalarTypes.put(type, Boolean.TRUE);
        }
        // scalar.item(): the Python float, int or bool of the same value, converted as those are.
        long item = conversions.checked(gil, api.PyObject_GetAttrString(obj, Utf8.cString("item")));
        try {
            long value = conversions.checked(gil, api.PyObject_CallNoArgs(item));
            try {
                return conversions.toJava(gil, value);
            } finally {
                api.Py_DecRef(value);
            }
        } finally {
            api.Py_DecRef(item);
        }
    }
}
