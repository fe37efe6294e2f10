package dev.pyembed.internal.capi;

/**
 * The narrow native boundary: the CPython C API functions pyembed uses, with pointers as {@code long}.
 *
 * <p><b>The invariant.</b> Every function here may only be called by an OS thread that holds the GIL (its thread
 * state is current). The few that CPython documents as callable without it, and the calls that take and release
 * it, are apart, in {@link ThreadSwitchApi}. Engine code reaches this interface through a {@code GilHeld} token
 * ({@link dev.pyembed.internal.gil.GilHeld}), which exists only while the calling thread holds the GIL, so that a reader
 * can check the invariant at every call site; a token cannot give the GIL away.
 *
 * <p>Strings cross as NUL-terminated UTF-8 {@code byte[]} (see {@link Utf8}). New references are marked
 * "new ref", borrowed ones "borrowed"; a return of 0 means NULL (a Python error is set where CPython sets one).
 *
 * <p>Two implementations: JNA direct mapping ({@link JnaCApi}, Java 17+) and Java's FFM API ({@code FfmCApi}, Java 22+,
 * in the jar's {@code META-INF/versions/22}); {@link LibPython} binds one of them once per process. The engine
 * sees only this interface: nothing outside this package touches JNA or {@code java.lang.foreign}.
 */
public interface CApi {

    // ---- GIL held ----

    long PyInterpreterState_Main();

    /** The interpreter of the calling thread's current thread state (a sub-interpreter's, on its thread). */
    long PyInterpreterState_Get();

    long PyInterpreterState_ThreadHead(long interp);

    long PyThreadState_Next(long tstate);

    /** Clears a thread state that is not current (GIL held). */
    void PyThreadState_Clear(long tstate);

    /** Deletes a cleared thread state that is not current (GIL held). */
    void PyThreadState_Delete(long tstate);

    /**
     * Schedules exception type {@code exc} to be raised in the thread whose ident is {@code threadId} (in the
     * current interpreter) at its next bytecode check; {@code exc} 0 clears what is pending. Returns how many
     * states it changed (0: no such thread). GIL held.
     */
    int PyThreadState_SetAsyncExc(long threadId, long exc);

    int Py_FinalizeEx();

    void Py_IncRef(long obj);

    void Py_DecRef(long obj);

    /** new ref; {@code start} is {@link #PY_FILE_INPUT} or {@link #PY_EVAL_INPUT}. */
    long PyRun_StringFlags(byte[] code, int start, long globals, long locals, long flags);

    /** new ref: a code object; {@code start} as for {@link #PyRun_StringFlags}, {@code filename} for tracebacks. */
    long Py_CompileString(byte[] code, byte[] filename, int start);

    /** new ref: runs a code object from {@link #Py_CompileString} in {@code globals}/{@code locals}. */
    long PyEval_EvalCode(long code, long globals, long locals);

    /** new ref */
    long PyImport_ImportModule(byte[] name);

    /** borrowed */
    long PyImport_AddModule(byte[] name);

    /** borrowed */
    long PyModule_GetDict(long module);

    /** new ref */
    long PyDict_New();

    int PyDict_SetItemString(long dict, byte[] key, long value);

    /** borrowed, no error set when missing */
    long PyDict_GetItemString(long dict, byte[] key);

    int PyDict_Next(long dict, long[] pos, long[] key, long[] value);

    long PyDict_Size(long dict);

    int PyDict_SetItem(long dict, long key, long value);

    long PyErr_Occurred();

    void PyErr_Fetch(long[] type, long[] value, long[] traceback);

    void PyErr_NormalizeException(long[] type, long[] value, long[] traceback);

    void PyErr_Clear();

    /** On Python's main thread: whether a SIGINT is pending for Python's handler, and clears it (else 0). */
    int PyOS_InterruptOccurred();

    void PyErr_SetString(long type, byte[] message);

    int PyException_SetTraceback(long exception, long traceback);

    /** new ref */
    long PyObject_Str(long obj);

    /** new ref */
    long PyObject_Repr(long obj);

    /** new ref */
    long PyObject_GetAttrString(long obj, byte[] name);

    int PyObject_SetAttrString(long obj, byte[] name, long value);

    /** new ref */
    long PyObject_Call(long callable, long args, long kwargs);

    /** new ref: {@code callable()}, without building an argument tuple. */
    long PyObject_CallNoArgs(long callable);

    /**
     * new ref: {@code callable(arg)}, without building an argument tuple. libpython exports it from 3.11 on (3.10 has
     * only a header inline): call it only where {@link #exports exports("PyObject_CallOneArg")}, else an
     * {@link UnsatisfiedLinkError}.
     */
    long PyObject_CallOneArg(long callable, long arg);

    long PyType_GetFlags(long type);

    /** UTF-8 view owned by the str object; size written to {@code size[0]}. */
    long PyUnicode_AsUTF8AndSize(long str, long[] size);

    /** new ref */
    long PyUnicode_FromStringAndSize(byte[] utf8, long size);

    /** new ref */
    long PyLong_FromLongLong(long value);

    /**
     * Only for an int ({@code PyLong_Check}): its value, or -1 with an {@code OverflowError} set when it does not fit
     * (a legitimate -1 leaves no error). On other objects CPython would call {@code __index__}. Not
     * {@code PyLong_AsLongLongAndOverflow}: its out-parameter costs a copy through JNA (~35 ns, bench/README.md).
     */
    long PyLong_AsLongLong(long obj);

    /** new ref; {@code digits} in the given base */
    long PyLong_FromString(byte[] digits, long pend, int base);

    /**
     * new ref: the int {@code number} as a str in base 2, 8, 10 or 16 ({@code '-0x1f'} for -31 in base 16). Base 16 is
     * not bound by {@code sys.set_int_max_str_digits} (base 10 is).
     */
    long PyNumber_ToBase(long number, int base);

    /** new ref */
    long PyFloat_FromDouble(double value);

    double PyFloat_AsDouble(long obj);

    /** new ref */
    long PyBool_FromLong(long value);

    /** new ref */
    long PyBytes_FromStringAndSize(byte[] bytes, long size);

    long PyBytes_AsString(long bytes);

    long PyBytes_Size(long bytes);

    /** new ref */
    long PyTuple_New(long size);

    /** steals {@code item} */
    int PyTuple_SetItem(long tuple, long index, long item);

    /** borrowed */
    long PyTuple_GetItem(long tuple, long index);

    long PyTuple_Size(long tuple);

    /** new ref */
    long PyList_New(long size);

    /** steals {@code item} */
    int PyList_SetItem(long list, long index, long item);

    /** borrowed */
    long PyList_GetItem(long list, long index);

    long PyList_Size(long list);

    void PyErr_SetObject(long type, long value);

    /** new ref: a capsule holding {@code pointer}; {@code destructor} (a C function pointer or 0) runs when it dies. */
    long PyCapsule_New(long pointer, byte[] name, long destructor);

    long PyCapsule_GetPointer(long capsule, byte[] name);

    int PyObject_HasAttrString(long obj, byte[] name);

    /** new ref */
    long PyObject_GetItem(long obj, long key);

    int PyObject_SetItem(long obj, long key, long value);

    int PyObject_DelItem(long obj, long key);

    long PyObject_Size(long obj);

    /** new ref */
    long PyObject_GetIter(long obj);

    /** new ref, or 0 at the end (no error set) or on error (error set) */
    long PyIter_Next(long iterator);

    /** 1, 0, or -1 with an error set; {@code op} is {@link #PY_EQ} etc. */
    int PyObject_RichCompareBool(long a, long b, int op);

    /** -1 with an error set when unhashable */
    long PyObject_Hash(long obj);

    /** new ref */
    long PySet_New(long iterable);

    int PySet_Add(long set, long key);

    /** new ref: decodes UTF-16 ({@code byteorder[0]} -1 = little endian); errors e.g. "surrogatepass" */
    long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteorder);

    /** new ref: a bytes object */
    long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors);

    /** new ref: bytes(obj) for any object with the buffer protocol */
    long PyBytes_FromObject(long obj);

    /** new ref */
    long PyObject_Type(long obj);

    int PY_EQ = 2;

    /** new ref: a builtin function object calling the C function in {@code methodDef}. */
    long PyCFunction_NewEx(long methodDef, long self, long module);

    // ---- process-global data and native memory (no C API calls; the caller knows the address is valid) ----

    /** Whether libpython exports the function {@code function} (for the few bound only where they exist). */
    boolean exports(String function);

    /** Address of an exported data symbol, e.g. {@code _Py_NoneStruct}, {@code PyExc_RuntimeError}. */
    long symbolAddress(String name);

    /** Reads a pointer-sized value at {@code address} (e.g. {@code ob_type} of an object). */
    long readPointer(long address);

    void writePointer(long address, long value);

    int readInt(long address);

    void writeInt(long address, int value);

    /** A copy of the {@code length} bytes at {@code address} (e.g. the buffer of a bytes object). */
    byte[] readBytes(long address, int length);

    void writeBytes(long address, byte[] bytes);

    /** The NUL-terminated UTF-8 string at {@code address}, decoded. */
    String readCString(long address);

    /**
     * Zeroed native memory that lives as long as the process (never freed): for the few structures CPython keeps
     * pointers to for ever, such as a {@code PyMethodDef}.
     */
    long allocatePermanent(long size);

    /** C function pointers whose body is Java (Python calling Java). */
    NativeUpcalls upcalls();

    /** The buffer protocol and windows on native memory (its own GIL rules: see {@link BufferApi}). */
    BufferApi buffers();

    int PY_FILE_INPUT = 257;
    int PY_EVAL_INPUT = 258;
}
