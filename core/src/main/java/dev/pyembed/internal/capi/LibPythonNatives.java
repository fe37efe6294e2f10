package dev.pyembed.internal.capi;

/**
 * The libpython symbols as JNA direct-mapped {@code static native} methods, bound once per process by
 * {@link JnaCApi}. Which of them need the GIL is documented on {@link CApi}; call them only through it.
 */
final class LibPythonNatives {

    private LibPythonNatives() {
    }

    static native int Py_IsInitialized();
    static native long PyEval_SaveThread();
    static native void PyEval_RestoreThread(long tstate);
    static native long PyThreadState_New(long interp);
    static native int PyGILState_Check();
    static native int PyGILState_Ensure();
    static native void PyGILState_Release(int state);
    static native long PyThread_get_thread_ident();
    static native long PyInterpreterState_Main();
    static native long PyInterpreterState_Get();
    static native long PyInterpreterState_ThreadHead(long interp);
    static native long PyThreadState_Next(long tstate);
    static native void PyThreadState_Clear(long tstate);
    static native void PyThreadState_Delete(long tstate);
    static native int PyThreadState_SetAsyncExc(long threadId, long exc);
    static native int Py_FinalizeEx();
    static native void Py_IncRef(long obj);
    static native void Py_DecRef(long obj);
    static native long PyRun_StringFlags(byte[] code, int start, long globals, long locals, long flags);
    static native long Py_CompileString(byte[] code, byte[] filename, int start);
    static native long PyEval_EvalCode(long code, long globals, long locals);
    static native long PyImport_ImportModule(byte[] name);
    static native long PyImport_AddModule(byte[] name);
    static native long PyModule_GetDict(long module);
    static native long PyDict_New();
    static native int PyDict_SetItemString(long dict, byte[] key, long value);
    static native long PyDict_GetItemString(long dict, byte[] key);
    static native int PyDict_Next(long dict, long[] pos, long[] key, long[] value);
    static native long PyDict_Size(long dict);
    static native int PyDict_SetItem(long dict, long key, long value);
    static native long PyErr_Occurred();
    static native void PyErr_Fetch(long[] type, long[] value, long[] traceback);
    static native void PyErr_NormalizeException(long[] type, long[] value, long[] traceback);
    static native void PyErr_Clear();

    static native int PyOS_InterruptOccurred();
    static native void PyErr_SetString(long type, byte[] message);
    static native int PyException_SetTraceback(long exception, long traceback);
    static native long PyObject_Str(long obj);
    static native long PyObject_Repr(long obj);
    static native long PyObject_GetAttrString(long obj, byte[] name);
    static native int PyObject_SetAttrString(long obj, byte[] name, long value);
    static native long PyObject_Call(long callable, long args, long kwargs);
    static native long PyObject_CallNoArgs(long callable);
    static native long PyType_GetFlags(long type);
    static native long PyUnicode_AsUTF8AndSize(long str, long[] size);
    static native long PyUnicode_FromStringAndSize(byte[] utf8, long size);
    static native long PyLong_FromLongLong(long value);
    static native long PyLong_AsLongLong(long obj);
    static native long PyLong_FromString(byte[] digits, long pend, int base);
    static native long PyNumber_ToBase(long number, int base);
    static native long PyFloat_FromDouble(double value);
    static native double PyFloat_AsDouble(long obj);
    static native long PyBool_FromLong(long value);
    static native long PyBytes_FromStringAndSize(byte[] bytes, long size);
    static native long PyBytes_AsString(long bytes);
    static native long PyBytes_Size(long bytes);
    static native long PyTuple_New(long size);
    static native int PyTuple_SetItem(long tuple, long index, long item);
    static native long PyTuple_GetItem(long tuple, long index);
    static native long PyTuple_Size(long tuple);
    static native long PyList_New(long size);
    static native int PyList_SetItem(long list, long index, long item);
    static native long PyList_GetItem(long list, long index);
    static native long PyList_Size(long list);
    static native void PyErr_SetObject(long type, long value);
    static native long PyCapsule_New(long pointer, byte[] name, long destructor);
    static native long PyCapsule_GetPointer(long capsule, byte[] name);
    static native int PyObject_HasAttrString(long obj, byte[] name);
    static native long PyObject_GetItem(long obj, long key);
    static native int PyObject_SetItem(long obj, long key, long value);
    static native int PyObject_DelItem(long obj, long key);
    static native long PyObject_Size(long obj);
    static native long PyObject_GetIter(long obj);
    static native long PyIter_Next(long iterator);
    static native int PyObject_RichCompareBool(long a, long b, int op);
    static native long PyObject_Hash(long obj);
    static native long PySet_New(long iterable);
    static native int PySet_Add(long set, long key);
    static native long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteorder);
    static native long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors);
    static native long PyBytes_FromObject(long obj);
    static native long PyObject_Type(long obj);
    static native long PyCFunction_NewEx(long methodDef, long self, long module);
}
