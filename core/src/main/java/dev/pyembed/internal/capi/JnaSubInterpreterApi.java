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
 * {@link SubInterpreterApi} through JNA: a JNA interface (not direct mapping), because
 * {@code Py_NewInterpreterFromConfig} returns a {@code PyStatus} struct by value. Rare calls (one per interpreter's
 * life).
 */
final class JnaSubInterpreterApi implements SubInterpreterApi {

    private final Functions functions;

    JnaSubInterpreterApi(Path library, int openFlags) {
        this.functions = Native.load(library.toString(), Functions.class, Map.of(Library.OPTION_OPEN_FLAGS, openFlags));
    }

    @Override
    public long create() {
        int[] ownGil = SubInterpreterApi.ownGilConfig();
        Memory config = new Memory(ownGil.length * 4L);
        config.write(0, ownGil, 0, ownGil.length);
        PointerByReference tstate = new PointerByReference();
        PyStatus status = functions.Py_NewInterpreterFromConfig(tstate, config);
        if (status.type != 0) {
            throw SubInterpreterApi.failed(status.errMsg == null ? null : status.errMsg.getString(0),
                    status.func == null ? null : status.func.getString(0), status.exitcode);
        }
        return Pointer.nativeValue(tstate.getValue());
    }

    @Override
    public long currentThreadState() {
        return Pointer.nativeValue(functions.PyThreadState_Get());
    }

    @Override
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
