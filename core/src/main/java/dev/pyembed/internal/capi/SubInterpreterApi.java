package dev.pyembed.internal.capi;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

import java.nio.file.Path;
import java.util.Map;

/**
 * Sub-interpreters with their own GIL (CPython 3.12+, PEP 684): {@code Py_NewInterpreterFromConfig} and
 * {@code Py_EndInterpreter}. Rare calls (one per interpreter's life), bound through a JNA interface because
 * {@code Py_NewInterpreterFromConfig} returns a {@code PyStatus} struct by value.
 *
 * <p>GIL rules: {@link #create()} is called by a thread that holds the main interpreter's GIL; it returns with the new
 * interpreter's thread state current (its own GIL held) and the caller's main thread state detached. {@link #end}
 * is called by the thread whose current thread state is the sub-interpreter's, which then has none.
 */
public final class SubInterpreterApi {

    /** {@code PyInterpreterConfig} (7 ints, the same from 3.12 to 3.14): an isolated interpreter with its own GIL. */
    private static final int[] OWN_GIL_CONFIG = {
            0, // use_main_obmalloc
            0, // allow_fork
            0, // allow_exec
            1, // allow_threads
            0, // allow_daemon_threads
            1, // check_multi_interp_extensions: single-phase-init extensions (numpy today) refuse to load
            2, // gil = PyInterpreterConfig_OWN_GIL
    };

    private final Functions functions;

    SubInterpreterApi(Path library, int openFlags) {
        this.functions = Native.load(library.toString(), Functions.class, Map.of(Library.OPTION_OPEN_FLAGS, openFlags));
    }

    /** Creates an interpreter with its own GIL; returns its thread state (current on the calling thread). */
    public long create() {
        Memory config = new Memory(OWN_GIL_CONFIG.length * 4L);
        config.write(0, OWN_GIL_CONFIG, 0, OWN_GIL_CONFIG.length);
        PointerByReference tstate = new PointerByReference();
        PyStatus status = functions.Py_NewInterpreterFromConfig(tstate, config);
        if (status.type != 0) {
            throw new IllegalStateException("Py_NewInterpreterFromConfig failed: "
                    + (status.errMsg == null ? "exit " + status.exitcode : status.errMsg.getString(0))
                    + (status.func == null ? "" : " (in " + status.func.getString(0) + ")"));
        }
        return Pointer.nativeValue(tstate.getValue());
    }

    /** The calling thread's current thread state (it must have one: GIL held), to switch back after {@link #create()}. */
    public long currentThreadState() {
        return Pointer.nativeValue(functions.PyThreadState_Get());
    }

    /** Ends the interpreter whose thread state {@code tstate} is current on the calling thread. */
    public void end(long tstate) {
        functions.Py_EndInterpreter(new Pointer(tstate));
    }

    /** {@code PyStatus}: {@code {int _type; const char *func; const char *err_msg; int exitcode;}}. */
    @Structure.FieldOrder({"type", "func", "errMsg", "exitcode"})
    public static class PyStatus extends Structure implements Structure.ByValue {
        public int type;
        public Pointer func;
        public Pointer errMsg;
        public int exitcode;
    }

    private interface Functions extends Library {
        PyStatus Py_NewInterpreterFromConfig(PointerByReference tstate, Pointer config);

        void Py_EndInterpreter(Pointer tstate);

        Pointer PyThreadState_Get();
    }
}
