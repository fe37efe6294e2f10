package dev.pyembed.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * {@link CApi} through JNA direct mapping: {@code static native} methods bound once per process to the loaded
 * libpython by {@link Native#register(Class, NativeLibrary)}. Pointers cross as {@code long}, which JNA passes
 * without allocating. Functions that only some CPython versions have live in their own classes
 * ({@link InitConfigApi}, {@link LegacyInitApi}), registered only on those versions.
 */
final class JnaCApi implements CApi, ThreadSwitchApi {

    private final NativeLibrary library;
    private final NativeUpcalls upcalls = new JnaUpcalls();
    private final BufferApi buffers;

    JnaCApi(NativeLibrary library) {
        this.library = library;
        Native.register(LibPythonNatives.class, library);
        if (exports("PyObject_CallOneArg")) {
            Native.register(CallOneArgNatives.class, library);
        }
        this.buffers = new JnaBufferApi(library);
    }

    @Override
    public boolean exports(String function) {
        try {
            library.getFunction(function);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    @Override
    public long symbolAddress(String name) {
        return Pointer.nativeValue(library.getGlobalVariableAddress(name));
    }

    @Override
    public long readPointer(long address) {
        return new Pointer(address).getLong(0);
    }

    @Override
    public void writePointer(long address, long value) {
        new Pointer(address).setLong(0, value);
    }

    @Override
    public int readInt(long address) {
        return new Pointer(address).getInt(0);
    }

    @Override
    public void writeInt(long address, int value) {
        new Pointer(address).setInt(0, value);
    }

    @Override
    public byte[] readBytes(long address, int length) {
        return new Pointer(address).getByteArray(0, length);
    }

    @Override
    public void writeBytes(long address, byte[] bytes) {
        new Pointer(address).write(0, bytes, 0, bytes.length);
    }

    @Override
    public String readCString(long address) {
        return new Pointer(address).getString(0, StandardCharsets.UTF_8.name());
    }

    @Override
    public long allocatePermanent(long size) {
        long address = Native.malloc(size);
        if (address == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        new Pointer(address).setMemory(0, size, (byte) 0);
        return address;
    }

    @Override
    public NativeUpcalls upcalls() {
        return upcalls;
    }

    @Override
    public BufferApi buffers() {
        return buffers;
    }

    @Override public int Py_IsInitialized() { return LibPythonNatives.Py_IsInitialized(); }
    @Override public long PyEval_SaveThread() { return LibPythonNatives.PyEval_SaveThread(); }
    @Override public void PyEval_RestoreThread(long tstate) { LibPythonNatives.PyEval_RestoreThread(tstate); }
    @Override public long PyThreadState_New(long interp) { return LibPythonNatives.PyThreadState_New(interp); }
    @Override public int PyGILState_Check() { return LibPythonNatives.PyGILState_Check(); }
    @Override public int PyGILState_Ensure() { return LibPythonNatives.PyGILState_Ensure(); }
    @Override public void PyGILState_Release(int state) { LibPythonNatives.PyGILState_Release(state); }
    @Override public long PyThread_get_thread_ident() { return LibPythonNatives.PyThread_get_thread_ident(); }
    @Override public long PyInterpreterState_Main() { return LibPythonNatives.PyInterpreterState_Main(); }
    @Override public long PyInterpreterState_Get() { return LibPythonNatives.PyInterpreterState_Get(); }
    @Override public long PyInterpreterState_ThreadHead(long interp) { return LibPythonNatives.PyInterpreterState_ThreadHead(interp); }
    @Override public long PyThreadState_Next(long tstate) { return LibPythonNatives.PyThreadState_Next(tstate); }
    @Override public void PyThreadState_Clear(long tstate) { LibPythonNatives.PyThreadState_Clear(tstate); }
    @Override public void PyThreadState_Delete(long tstate) { LibPythonNatives.PyThreadState_Delete(tstate); }
    @Override public int PyThreadState_SetAsyncExc(long threadId, long exc) { return LibPythonNatives.PyThreadState_SetAsyncExc(threadId, exc); }
    @Override public int Py_FinalizeEx() { return LibPythonNatives.Py_FinalizeEx(); }
    @Override public void Py_IncRef(long obj) { LibPythonNatives.Py_IncRef(obj); }
    @Override public void Py_DecRef(long obj) { LibPythonNatives.Py_DecRef(obj); }
    @Override public long PyRun_StringFlags(byte[] code, int start, long globals, long locals, long flags) { return LibPythonNatives.PyRun_StringFlags(code, start, globals, locals, flags); }
    @Override public long Py_CompileString(byte[] code, byte[] filename, int start) { return LibPythonNatives.Py_CompileString(code, filename, start); }
    @Override public long PyEval_EvalCode(long code, long globals, long locals) { return LibPythonNatives.PyEval_EvalCode(code, globals, locals); }
    @Override public long PyImport_ImportModule(byte[] name) { return LibPythonNatives.PyImport_ImportModule(name); }
    @Override public long PyImport_AddModule(byte[] name) { return LibPythonNatives.PyImport_AddModule(name); }
    @Override public long PyModule_GetDict(long module) { return LibPythonNatives.PyModule_GetDict(module); }
    @Override public long PyDict_New() { return LibPythonNatives.PyDict_New(); }
    @Override public int PyDict_SetItemString(long dict, byte[] key, long value) { return LibPythonNatives.PyDict_SetItemString(dict, key, value); }
    @Override public long PyDict_GetItemString(long dict, byte[] key) { return LibPythonNatives.PyDict_GetItemString(dict, key); }
    @Override public int PyDict_Next(long dict, long[] pos, long[] key, long[] value) { return LibPythonNatives.PyDict_Next(dict, pos, key, value); }
    @Override public long PyDict_Size(long dict) { return LibPythonNatives.PyDict_Size(dict); }
    @Override public int PyDict_SetItem(long dict, long key, long value) { return LibPythonNatives.PyDict_SetItem(dict, key, value); }
    @Override public long PyErr_Occurred() { return LibPythonNatives.PyErr_Occurred(); }
    @Override public void PyErr_Fetch(long[] type, long[] value, long[] traceback) { LibPythonNatives.PyErr_Fetch(type, value, traceback); }
    @Override public void PyErr_NormalizeException(long[] type, long[] value, long[] traceback) { LibPythonNatives.PyErr_NormalizeException(type, value, traceback); }
    @Override public void PyErr_Clear() { LibPythonNatives.PyErr_Clear(); }
    @Override public int PyOS_InterruptOccurred() { return LibPythonNatives.PyOS_InterruptOccurred(); }
    @Override public void PyErr_SetString(long type, byte[] message) { LibPythonNatives.PyErr_SetString(type, message); }
    @Override public int PyException_SetTraceback(long exception, long traceback) { return LibPythonNatives.PyException_SetTraceback(exception, traceback); }
    @Override public long PyObject_Str(long obj) { return LibPythonNatives.PyObject_Str(obj); }
    @Override public long PyObject_Repr(long obj) { return LibPythonNatives.PyObject_Repr(obj); }
    @Override public long PyObject_GetAttrString(long obj, byte[] name) { return LibPythonNatives.PyObject_GetAttrString(obj, name); }
    @Override public int PyObject_SetAttrString(long obj, byte[] name, long value) { return LibPythonNatives.PyObject_SetAttrString(obj, name, value); }
    @Override public long PyObject_Call(long callable, long args, long kwargs) { return LibPythonNatives.PyObject_Call(callable, args, kwargs); }
    @Override public long PyObject_CallNoArgs(long callable) { return LibPythonNatives.PyObject_CallNoArgs(callable); }
    @Override public long PyObject_CallOneArg(long callable, long arg) { return CallOneArgNatives.PyObject_CallOneArg(callable, arg); }
    @Override public long PyType_GetFlags(long type) { return LibPythonNatives.PyType_GetFlags(type); }
    @Override public long PyUnicode_AsUTF8AndSize(long str, long[] size) { return LibPythonNatives.PyUnicode_AsUTF8AndSize(str, size); }
    @Override public long PyUnicode_FromStringAndSize(byte[] utf8, long size) { return LibPythonNatives.PyUnicode_FromStringAndSize(utf8, size); }
    @Override public long PyLong_FromLongLong(long value) { return LibPythonNatives.PyLong_FromLongLong(value); }
    @Override public long PyLong_AsLongLong(long obj) { return LibPythonNatives.PyLong_AsLongLong(obj); }
    @Override public long PyLong_FromString(byte[] digits, long pend, int base) { return LibPythonNatives.PyLong_FromString(digits, pend, base); }
    @Override public long PyNumber_ToBase(long number, int base) { return LibPythonNatives.PyNumber_ToBase(number, base); }
    @Override public long PyFloat_FromDouble(double value) { return LibPythonNatives.PyFloat_FromDouble(value); }
    @Override public double PyFloat_AsDouble(long obj) { return LibPythonNatives.PyFloat_AsDouble(obj); }
    @Override public long PyBool_FromLong(long value) { return LibPythonNatives.PyBool_FromLong(value); }
    @Override public long PyBytes_FromStringAndSize(byte[] bytes, long size) { return LibPythonNatives.PyBytes_FromStringAndSize(bytes, size); }
    @Override public long PyBytes_AsString(long bytes) { return LibPythonNatives.PyBytes_AsString(bytes); }
    @Override public long PyBytes_Size(long bytes) { return LibPythonNatives.PyBytes_Size(bytes); }
    @Override public long PyTuple_New(long size) { return LibPythonNatives.PyTuple_New(size); }
    @Override public int PyTuple_SetItem(long tuple, long index, long item) { return LibPythonNatives.PyTuple_SetItem(tuple, index, item); }
    @Override public long PyTuple_GetItem(long tuple, long index) { return LibPythonNatives.PyTuple_GetItem(tuple, index); }
    @Override public long PyTuple_Size(long tuple) { return LibPythonNatives.PyTuple_Size(tuple); }
    @Override public long PyList_New(long size) { return LibPythonNatives.PyList_New(size); }
    @Override public int PyList_SetItem(long list, long index, long item) { return LibPythonNatives.PyList_SetItem(list, index, item); }
    @Override public long PyList_GetItem(long list, long index) { return LibPythonNatives.PyList_GetItem(list, index); }
    @Override public long PyList_Size(long list) { return LibPythonNatives.PyList_Size(list); }
    @Override public void PyErr_SetObject(long type, long value) { LibPythonNatives.PyErr_SetObject(type, value); }
    @Override public long PyCapsule_New(long pointer, byte[] name, long destructor) { return LibPythonNatives.PyCapsule_New(pointer, name, destructor); }
    @Override public long PyCapsule_GetPointer(long capsule, byte[] name) { return LibPythonNatives.PyCapsule_GetPointer(capsule, name); }
    @Override public int PyObject_HasAttrString(long obj, byte[] name) { return LibPythonNatives.PyObject_HasAttrString(obj, name); }
    @Override public long PyObject_GetItem(long obj, long key) { return LibPythonNatives.PyObject_GetItem(obj, key); }
    @Override public int PyObject_SetItem(long obj, long key, long value) { return LibPythonNatives.PyObject_SetItem(obj, key, value); }
    @Override public int PyObject_DelItem(long obj, long key) { return LibPythonNatives.PyObject_DelItem(obj, key); }
    @Override public long PyObject_Size(long obj) { return LibPythonNatives.PyObject_Size(obj); }
    @Override public long PyObject_GetIter(long obj) { return LibPythonNatives.PyObject_GetIter(obj); }
    @Override public long PyIter_Next(long iterator) { return LibPythonNatives.PyIter_Next(iterator); }
    @Override public int PyObject_RichCompareBool(long a, long b, int op) { return LibPythonNatives.PyObject_RichCompareBool(a, b, op); }
    @Override public long PyObject_Hash(long obj) { return LibPythonNatives.PyObject_Hash(obj); }
    @Override public long PySet_New(long iterable) { return LibPythonNatives.PySet_New(iterable); }
    @Override public int PySet_Add(long set, long key) { return LibPythonNatives.PySet_Add(set, key); }
    @Override public long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteorder) { return LibPythonNatives.PyUnicode_DecodeUTF16(data, size, errors, byteorder); }
    @Override public long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors) { return LibPythonNatives.PyUnicode_AsEncodedString(str, encoding, errors); }
    @Override public long PyBytes_FromObject(long obj) { return LibPythonNatives.PyBytes_FromObject(obj); }
    @Override public long PyObject_Type(long obj) { return LibPythonNatives.PyObject_Type(obj); }
    @Override public long PyCFunction_NewEx(long methodDef, long self, long module) { return LibPythonNatives.PyCFunction_NewEx(methodDef, self, module); }
}
