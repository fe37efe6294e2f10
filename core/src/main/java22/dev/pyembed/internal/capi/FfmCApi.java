package dev.pyembed.internal.capi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@link CApi} through Java's FFM API ({@code java.lang.foreign}, Java 22+): one downcall method handle per C
 * function, in {@code static final} fields of {@link H} so that the JIT treats each as a constant and compiles
 * {@code invokeExact} into a direct call. Pointers cross as {@code JAVA_LONG}, like the JNA backend's {@code long};
 * strings and out-parameters are copied through a per-thread {@link FfmScratch}.
 *
 * <p><b>Critical calls.</b> {@code Linker.Option.critical} skips the thread-state transition (measured here: the
 * in-scope {@code f()} of pyembed's API went from 68 to 48 ns with critical accessors), but a critical function must
 * not call back into Java, and the garbage collector waits while it runs: so never for anything that can run
 * Python code (a {@code __del__} behind {@code Py_DecRef}, a {@code __hash__}, a garbage collection triggered by
 * an allocation, an error object) or block (the GIL). Only these three are critical:
 * <ul>
 *   <li>{@code Py_IncRef}: a reference count increment; never runs code, never fails;</li>
 *   <li>{@code PyErr_Occurred}: reads the thread state's current exception;</li>
 *   <li>{@code PyType_GetFlags}: reads {@code tp_flags};</li>
 * </ul>
 * Everything else is a plain downcall, which lets Python run code and call Java ({@code PyLong_AsLongLong} too: its
 * OverflowError is an allocation).
 *
 * <p>The handles are made when {@link H} is first used, from {@link #library}, which {@link FfmBinding} sets
 * before: one libpython per process, so one set of handles.
 */
final class FfmCApi implements CApi, ThreadSwitchApi {

    /** The whole address space, to read and write native memory at a raw address without a call. */
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final Linker LINKER = Linker.nativeLinker();
    /** For the pure accessors listed above only. */
    static final Linker.Option CRITICAL = Linker.Option.critical(false);
    /** The loaded libpython; set once by {@link FfmBinding} before {@link H} is initialized. */
    static volatile SymbolLookup library;

    private final NativeUpcalls upcalls = new FfmUpcalls();
    private final BufferApi buffers = new FfmBufferApi();

    FfmCApi() {
        H.bind(); // every handle now: a missing symbol fails the start, not a call later
    }

    /** The downcall handles: constants to the JIT once this class is initialized. */
    static final class H {
        static final MethodHandle Py_IsInitialized = downcall("Py_IsInitialized", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle PyEval_SaveThread = downcall("PyEval_SaveThread", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle PyEval_RestoreThread = downcall("PyEval_RestoreThread", FunctionDescriptor.ofVoid(JAVA_LONG));
        static final MethodHandle PyThreadState_New = downcall("PyThreadState_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyGILState_Check = downcall("PyGILState_Check", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle PyGILState_Ensure = downcall("PyGILState_Ensure", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle PyGILState_Release = downcall("PyGILState_Release", FunctionDescriptor.ofVoid(JAVA_INT));
        static final MethodHandle PyThread_get_thread_ident = downcall("PyThread_get_thread_ident", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle PyInterpreterState_Main = downcall("PyInterpreterState_Main", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle PyInterpreterState_Get = downcall("PyInterpreterState_Get", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle PyInterpreterState_ThreadHead = downcall("PyInterpreterState_ThreadHead", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyThreadState_Next = downcall("PyThreadState_Next", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyThreadState_Clear = downcall("PyThreadState_Clear", FunctionDescriptor.ofVoid(JAVA_LONG));
        static final MethodHandle PyThreadState_Delete = downcall("PyThreadState_Delete", FunctionDescriptor.ofVoid(JAVA_LONG));
        static final MethodHandle PyThreadState_SetAsyncExc = downcall("PyThreadState_SetAsyncExc", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle Py_FinalizeEx = downcall("Py_FinalizeEx", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle Py_IncRef = downcall("Py_IncRef", FunctionDescriptor.ofVoid(JAVA_LONG), CRITICAL);
        static final MethodHandle Py_DecRef = downcall("Py_DecRef", FunctionDescriptor.ofVoid(JAVA_LONG));
        static final MethodHandle PyRun_StringFlags = downcall("PyRun_StringFlags", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle Py_CompileString = downcall("Py_CompileString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle PyEval_EvalCode = downcall("PyEval_EvalCode", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyImport_ImportModule = downcall("PyImport_ImportModule", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyImport_AddModule = downcall("PyImport_AddModule", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyModule_GetDict = downcall("PyModule_GetDict", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyDict_New = downcall("PyDict_New", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle PyDict_SetItemString = downcall("PyDict_SetItemString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyDict_GetItemString = downcall("PyDict_GetItemString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyDict_Next = downcall("PyDict_Next", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyDict_Size = downcall("PyDict_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyDict_SetItem = downcall("PyDict_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyErr_Occurred = downcall("PyErr_Occurred", FunctionDescriptor.of(JAVA_LONG), CRITICAL);
        static final MethodHandle PyErr_Fetch = downcall("PyErr_Fetch", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyErr_NormalizeException = downcall("PyErr_NormalizeException", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyErr_Clear = downcall("PyErr_Clear", FunctionDescriptor.ofVoid());
        static final MethodHandle PyOS_InterruptOccurred = downcall("PyOS_InterruptOccurred", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle PyErr_SetString = downcall("PyErr_SetString", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyException_SetTraceback = downcall("PyException_SetTraceback", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_Str = downcall("PyObject_Str", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_Repr = downcall("PyObject_Repr", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_GetAttrString = downcall("PyObject_GetAttrString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_SetAttrString = downcall("PyObject_SetAttrString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_Call = downcall("PyObject_Call", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_CallNoArgs = downcall("PyObject_CallNoArgs", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        /** Null where libpython does not export it (3.10): see {@link CApi#PyObject_CallOneArg}. */
        static final MethodHandle PyObject_CallOneArg = optionalDowncall("PyObject_CallOneArg", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyType_GetFlags = downcall("PyType_GetFlags", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), CRITICAL);
        static final MethodHandle PyUnicode_AsUTF8AndSize = downcall("PyUnicode_AsUTF8AndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyUnicode_FromStringAndSize = downcall("PyUnicode_FromStringAndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyLong_FromLongLong = downcall("PyLong_FromLongLong", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyLong_AsLongLong = downcall("PyLong_AsLongLong", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyLong_FromString = downcall("PyLong_FromString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle PyNumber_ToBase = downcall("PyNumber_ToBase", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle PyFloat_FromDouble = downcall("PyFloat_FromDouble", FunctionDescriptor.of(JAVA_LONG, JAVA_DOUBLE));
        static final MethodHandle PyFloat_AsDouble = downcall("PyFloat_AsDouble", FunctionDescriptor.of(JAVA_DOUBLE, JAVA_LONG));
        static final MethodHandle PyBool_FromLong = downcall("PyBool_FromLong", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyBytes_FromStringAndSize = downcall("PyBytes_FromStringAndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyBytes_AsString = downcall("PyBytes_AsString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyBytes_Size = downcall("PyBytes_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyTuple_New = downcall("PyTuple_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyTuple_SetItem = downcall("PyTuple_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyTuple_GetItem = downcall("PyTuple_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyTuple_Size = downcall("PyTuple_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyList_New = downcall("PyList_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyList_SetItem = downcall("PyList_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyList_GetItem = downcall("PyList_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyList_Size = downcall("PyList_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyErr_SetObject = downcall("PyErr_SetObject", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyCapsule_New = downcall("PyCapsule_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyCapsule_GetPointer = downcall("PyCapsule_GetPointer", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_HasAttrString = downcall("PyObject_HasAttrString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_GetItem = downcall("PyObject_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_SetItem = downcall("PyObject_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_DelItem = downcall("PyObject_DelItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_Size = downcall("PyObject_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_GetIter = downcall("PyObject_GetIter", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyIter_Next = downcall("PyIter_Next", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_RichCompareBool = downcall("PyObject_RichCompareBool", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle PyObject_Hash = downcall("PyObject_Hash", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PySet_New = downcall("PySet_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PySet_Add = downcall("PySet_Add", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyUnicode_DecodeUTF16 = downcall("PyUnicode_DecodeUTF16", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyUnicode_AsEncodedString = downcall("PyUnicode_AsEncodedString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyBytes_FromObject = downcall("PyBytes_FromObject", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyObject_Type = downcall("PyObject_Type", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        static final MethodHandle PyCFunction_NewEx = downcall("PyCFunction_NewEx", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        private H() {
        }

        static void bind() {
            // initializing this class made every handle
        }
    }

    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    static MethodHandle optionalDowncall(String name, FunctionDescriptor descriptor) {
        return library.find(name).map(address -> LINKER.downcallHandle(address, descriptor)).orElse(null);
    }

    static MemorySegment symbol(String name) {
        return library.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libpython has no symbol " + name));
    }

    /** {@code invokeExact} declares Throwable; a downcall itself throws nothing checked. */
    static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    @Override
    public boolean exports(String function) {
        return library.find(function).isPresent();
    }

    // ---- native memory ----

    @Override
    public long symbolAddress(String name) {
        return symbol(name).address();
    }

    @Override
    public long readPointer(long address) {
        return ALL.get(JAVA_LONG_UNALIGNED, address);
    }

    @Override
    public void writePointer(long address, long value) {
        ALL.set(JAVA_LONG_UNALIGNED, address, value);
    }

    @Override
    public int readInt(long address) {
        return ALL.get(JAVA_INT_UNALIGNED, address);
    }

    @Override
    public void writeInt(long address, int value) {
        ALL.set(JAVA_INT_UNALIGNED, address, value);
    }

    @Override
    public byte[] readBytes(long address, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(ALL, JAVA_BYTE, address, bytes, 0, length);
        return bytes;
    }

    @Override
    public void writeBytes(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, ALL, JAVA_BYTE, address, bytes.length);
    }

    @Override
    public String readCString(long address) {
        return ALL.getString(address);
    }

    @Override
    public long allocatePermanent(long size) {
        return Arena.global().allocate(size, 16).address();
    }

    @Override
    public NativeUpcalls upcalls() {
        return upcalls;
    }

    @Override
    public BufferApi buffers() {
        return buffers;
    }

    // ---- the C API ----

    @Override
    public int Py_IsInitialized() {
        try {
            return (int) H.Py_IsInitialized.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyEval_SaveThread() {
        try {
            return (long) H.PyEval_SaveThread.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyEval_RestoreThread(long tstate) {
        try {
            H.PyEval_RestoreThread.invokeExact(tstate);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyThreadState_New(long interp) {
        try {
            return (long) H.PyThreadState_New.invokeExact(interp);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyGILState_Check() {
        try {
            return (int) H.PyGILState_Check.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyGILState_Ensure() {
        try {
            return (int) H.PyGILState_Ensure.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyGILState_Release(int state) {
        try {
            H.PyGILState_Release.invokeExact(state);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyThread_get_thread_ident() {
        try {
            return (long) H.PyThread_get_thread_ident.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyInterpreterState_Main() {
        try {
            return (long) H.PyInterpreterState_Main.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyInterpreterState_Get() {
        try {
            return (long) H.PyInterpreterState_Get.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyInterpreterState_ThreadHead(long interp) {
        try {
            return (long) H.PyInterpreterState_ThreadHead.invokeExact(interp);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyThreadState_Next(long tstate) {
        try {
            return (long) H.PyThreadState_Next.invokeExact(tstate);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyThreadState_Clear(long tstate) {
        try {
            H.PyThreadState_Clear.invokeExact(tstate);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyThreadState_SetAsyncExc(long threadId, long exc) {
        try {
            return (int) H.PyThreadState_SetAsyncExc.invokeExact(threadId, exc);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyThreadState_Delete(long tstate) {
        try {
            H.PyThreadState_Delete.invokeExact(tstate);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int Py_FinalizeEx() {
        try {
            return (int) H.Py_FinalizeEx.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void Py_IncRef(long obj) {
        try {
            H.Py_IncRef.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void Py_DecRef(long obj) {
        try {
            H.Py_DecRef.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyRun_StringFlags(byte[] code, int start, long globals, long locals, long flags) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyRun_StringFlags.invokeExact(scratch.copy(code), start, globals, locals, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long Py_CompileString(byte[] code, byte[] filename, int start) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.Py_CompileString.invokeExact(scratch.copy(code), scratch.copy(filename), start);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyEval_EvalCode(long code, long globals, long locals) {
        try {
            return (long) H.PyEval_EvalCode.invokeExact(code, globals, locals);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyImport_ImportModule(byte[] name) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyImport_ImportModule.invokeExact(scratch.copy(name));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyImport_AddModule(byte[] name) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyImport_AddModule.invokeExact(scratch.copy(name));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyModule_GetDict(long module) {
        try {
            return (long) H.PyModule_GetDict.invokeExact(module);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyDict_New() {
        try {
            return (long) H.PyDict_New.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyDict_SetItemString(long dict, byte[] key, long value) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (int) H.PyDict_SetItemString.invokeExact(dict, scratch.copy(key), value);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyDict_GetItemString(long dict, byte[] key) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyDict_GetItemString.invokeExact(dict, scratch.copy(key));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyDict_Next(long dict, long[] pos, long[] key, long[] value) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            long posOut = scratch.copyIn(pos);
            long keyOut = scratch.copyIn(key);
            long valueOut = scratch.copyIn(value);
            int result = (int) H.PyDict_Next.invokeExact(dict, posOut, keyOut, valueOut);
            scratch.copyOut(posOut, pos);
            scratch.copyOut(keyOut, key);
            scratch.copyOut(valueOut, value);
            return result;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyDict_Size(long dict) {
        try {
            return (long) H.PyDict_Size.invokeExact(dict);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyDict_SetItem(long dict, long key, long value) {
        try {
            return (int) H.PyDict_SetItem.invokeExact(dict, key, value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyErr_Occurred() {
        try {
            return (long) H.PyErr_Occurred.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyErr_Fetch(long[] type, long[] value, long[] traceback) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            long typeOut = scratch.copyIn(type);
            long valueOut = scratch.copyIn(value);
            long tracebackOut = scratch.copyIn(traceback);
            H.PyErr_Fetch.invokeExact(typeOut, valueOut, tracebackOut);
            scratch.copyOut(typeOut, type);
            scratch.copyOut(valueOut, value);
            scratch.copyOut(tracebackOut, traceback);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public void PyErr_NormalizeException(long[] type, long[] value, long[] traceback) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            long typeOut = scratch.copyIn(type);
            long valueOut = scratch.copyIn(value);
            long tracebackOut = scratch.copyIn(traceback);
            H.PyErr_NormalizeException.invokeExact(typeOut, valueOut, tracebackOut);
            scratch.copyOut(typeOut, type);
            scratch.copyOut(valueOut, value);
            scratch.copyOut(tracebackOut, traceback);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public void PyErr_Clear() {
        try {
            H.PyErr_Clear.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyOS_InterruptOccurred() {
        try {
            return (int) H.PyOS_InterruptOccurred.invokeExact();
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyErr_SetString(long type, byte[] message) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            H.PyErr_SetString.invokeExact(type, scratch.copy(message));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyException_SetTraceback(long exception, long traceback) {
        try {
            return (int) H.PyException_SetTraceback.invokeExact(exception, traceback);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_Str(long obj) {
        try {
            return (long) H.PyObject_Str.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_Repr(long obj) {
        try {
            return (long) H.PyObject_Repr.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_GetAttrString(long obj, byte[] name) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyObject_GetAttrString.invokeExact(obj, scratch.copy(name));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyObject_SetAttrString(long obj, byte[] name, long value) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (int) H.PyObject_SetAttrString.invokeExact(obj, scratch.copy(name), value);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyObject_Call(long callable, long args, long kwargs) {
        try {
            return (long) H.PyObject_Call.invokeExact(callable, args, kwargs);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_CallNoArgs(long callable) {
        try {
            return (long) H.PyObject_CallNoArgs.invokeExact(callable);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_CallOneArg(long callable, long arg) {
        if (H.PyObject_CallOneArg == null) {
            throw new UnsatisfiedLinkError("libpython has no symbol PyObject_CallOneArg");
        }
        try {
            return (long) H.PyObject_CallOneArg.invokeExact(callable, arg);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyType_GetFlags(long type) {
        try {
            return (long) H.PyType_GetFlags.invokeExact(type);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyUnicode_AsUTF8AndSize(long str, long[] size) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            long sizeOut = scratch.copyIn(size);
            long result = (long) H.PyUnicode_AsUTF8AndSize.invokeExact(str, sizeOut);
            scratch.copyOut(sizeOut, size);
            return result;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyUnicode_FromStringAndSize(byte[] utf8, long size) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyUnicode_FromStringAndSize.invokeExact(scratch.copy(utf8), size);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyLong_FromLongLong(long value) {
        try {
            return (long) H.PyLong_FromLongLong.invokeExact(value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyLong_AsLongLong(long obj) {
        try {
            return (long) H.PyLong_AsLongLong.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyLong_FromString(byte[] digits, long pend, int base) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyLong_FromString.invokeExact(scratch.copy(digits), pend, base);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyNumber_ToBase(long number, int base) {
        try {
            return (long) H.PyNumber_ToBase.invokeExact(number, base);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyFloat_FromDouble(double value) {
        try {
            return (long) H.PyFloat_FromDouble.invokeExact(value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public double PyFloat_AsDouble(long obj) {
        try {
            return (double) H.PyFloat_AsDouble.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyBool_FromLong(long value) {
        try {
            return (long) H.PyBool_FromLong.invokeExact(value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyBytes_FromStringAndSize(byte[] bytes, long size) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyBytes_FromStringAndSize.invokeExact(scratch.copy(bytes), size);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyBytes_AsString(long bytes) {
        try {
            return (long) H.PyBytes_AsString.invokeExact(bytes);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyBytes_Size(long bytes) {
        try {
            return (long) H.PyBytes_Size.invokeExact(bytes);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyTuple_New(long size) {
        try {
            return (long) H.PyTuple_New.invokeExact(size);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyTuple_SetItem(long tuple, long index, long item) {
        try {
            return (int) H.PyTuple_SetItem.invokeExact(tuple, index, item);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyTuple_GetItem(long tuple, long index) {
        try {
            return (long) H.PyTuple_GetItem.invokeExact(tuple, index);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyTuple_Size(long tuple) {
        try {
            return (long) H.PyTuple_Size.invokeExact(tuple);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyList_New(long size) {
        try {
            return (long) H.PyList_New.invokeExact(size);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyList_SetItem(long list, long index, long item) {
        try {
            return (int) H.PyList_SetItem.invokeExact(list, index, item);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyList_GetItem(long list, long index) {
        try {
            return (long) H.PyList_GetItem.invokeExact(list, index);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyList_Size(long list) {
        try {
            return (long) H.PyList_Size.invokeExact(list);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void PyErr_SetObject(long type, long value) {
        try {
            H.PyErr_SetObject.invokeExact(type, value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyCapsule_New(long pointer, byte[] name, long destructor) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyCapsule_New.invokeExact(pointer, scratch.copy(name), destructor);
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyCapsule_GetPointer(long capsule, byte[] name) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyCapsule_GetPointer.invokeExact(capsule, scratch.copy(name));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyObject_HasAttrString(long obj, byte[] name) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (int) H.PyObject_HasAttrString.invokeExact(obj, scratch.copy(name));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyObject_GetItem(long obj, long key) {
        try {
            return (long) H.PyObject_GetItem.invokeExact(obj, key);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyObject_SetItem(long obj, long key, long value) {
        try {
            return (int) H.PyObject_SetItem.invokeExact(obj, key, value);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyObject_DelItem(long obj, long key) {
        try {
            return (int) H.PyObject_DelItem.invokeExact(obj, key);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_Size(long obj) {
        try {
            return (long) H.PyObject_Size.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_GetIter(long obj) {
        try {
            return (long) H.PyObject_GetIter.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyIter_Next(long iterator) {
        try {
            return (long) H.PyIter_Next.invokeExact(iterator);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PyObject_RichCompareBool(long a, long b, int op) {
        try {
            return (int) H.PyObject_RichCompareBool.invokeExact(a, b, op);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_Hash(long obj) {
        try {
            return (long) H.PyObject_Hash.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PySet_New(long iterable) {
        try {
            return (long) H.PySet_New.invokeExact(iterable);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public int PySet_Add(long set, long key) {
        try {
            return (int) H.PySet_Add.invokeExact(set, key);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteorder) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            long byteorderOut = scratch.copyIn(byteorder);
            long result = (long) H.PyUnicode_DecodeUTF16.invokeExact(scratch.copy(data), size, scratch.copy(errors), byteorderOut);
            scratch.copyOut(byteorderOut, byteorder);
            return result;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors) {
        FfmScratch scratch = FfmScratch.get();
        long mark = scratch.mark();
        try {
            return (long) H.PyUnicode_AsEncodedString.invokeExact(str, scratch.copy(encoding), scratch.copy(errors));
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyBytes_FromObject(long obj) {
        try {
            return (long) H.PyBytes_FromObject.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyObject_Type(long obj) {
        try {
            return (long) H.PyObject_Type.invokeExact(obj);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public long PyCFunction_NewEx(long methodDef, long self, long module) {
        try {
            return (long) H.PyCFunction_NewEx.invokeExact(methodDef, self, module);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }
}
