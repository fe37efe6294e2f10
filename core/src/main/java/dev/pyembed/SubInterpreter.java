package dev.pyembed;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.engine.CodeCache;
import dev.pyembed.internal.engine.Conversions;
import dev.pyembed.internal.gil.GilHeld;

/**
 * One sub-interpreter of a {@link PythonInterpreterPool}, as handed to the work running on it: isolated (its own
 * modules, globals and GIL), so work on different sub-interpreters runs truly in parallel. Valid only inside that
 * work, on the interpreter's own thread. Values cross as Java values; a Python object that has no Java counterpart
 * cannot leave the interpreter (an {@link IllegalArgumentException} says so), and no {@link PyObject} of the main
 * interpreter can enter it.
 */
public final class SubInterpreter implements PythonScope {

    private final int index;
    private final Conversions conversions;
    private final long mainDict;
    private final Thread owner;
    private final CodeCache codeCache = new CodeCache(); // this interpreter's own code objects
    private boolean active;

    SubInterpreter(int index, Conversions conversions, long mainDict, Thread owner) {
        this.index = index;
        this.conversions = conversions;
        this.mainDict = mainDict;
        this.owner = owner;
    }

    /** Which interpreter of the pool this is (0 to size - 1). */
    public int index() {
        return index;
    }

    /** Runs statements in this interpreter's {@code __main__}. */
    @Override
    public void exec(String code) {
        GilHeld gil = held();
        long result = codeCache.run(gil, code, CApi.PY_FILE_INPUT, mainDict);
        try {
            gil.api().Py_DecRef(conversions.checked(gil, result));
        } catch (PythonException e) {
            throw withMainInterpreterHint(e); // import numpy in exec: the same refusal as through call()
        }
    }

    /** Evaluates an expression in this interpreter's {@code __main__}; the result converted to a Java value. */
    @Override
    public Object eval(String expression) {
        GilHeld gil = held();
        long result;
        try {
            result = conversions.checked(gil, codeCache.run(gil, expression, CApi.PY_EVAL_INPUT, mainDict));
        } catch (PythonException e) {
            throw withMainInterpreterHint(e);
        }
        try {
            return conversions.toJava(gil, result);
        } finally {
            gil.api().Py_DecRef(result);
        }
    }

    /** {@code module.function(*args)}: imports {@code module} in this interpreter and calls the function. */
    @Override
    public Object call(String module, String function, Object... args) {
        GilHeld gil = held();
        CApi api = gil.api();
        long imported = checkedImport(gil, module);
        try {
            return conversions.callAttribute(gil, imported, function, args);
        } finally {
            api.Py_DecRef(imported);
        }
    }

    private long checkedImport(GilHeld gil, String module) {
        try {
            return conversions.checked(gil, gil.api().PyImport_ImportModule(Utf8.cString(module)));
        } catch (PythonException e) {
            throw withMainInterpreterHint(e);
        }
    }

    /** An extension module that refuses sub-interpreters (numpy) gets the way out appended to its message. */
    private static PythonException withMainInterpreterHint(PythonException e) {
        if (e.pythonMessage().contains("subinterpreter")) {
            return new PythonException(e.pythonType(), e.pythonMessage() + " -- this extension module supports only"
                    + " the main interpreter: call it through engine.withGil(...) instead of the pool",
                    e.pythonTraceback(), e);
        }
        return e;
    }

    void activate(boolean on) {
        active = on;
    }

    /** Releases the cached code objects: on the interpreter's thread, its GIL held, before the interpreter ends. */
    void clearCodeCache() {
        codeCache.clear(GilHeld.forSubInterpreterThread(conversions.engine().api()));
    }

    private GilHeld held() {
        if (!active || Thread.currentThread() != owner) {
            throw new IllegalStateException("sub-interpreter " + index + " can be used only inside the work submitted"
                    + " to it, on its own thread; submit work with pool.call(interp -> ...)");
        }
        return GilHeld.forSubInterpreterThread(conversions.engine().api());
    }
}
