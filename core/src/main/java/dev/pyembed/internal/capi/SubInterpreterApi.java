package dev.pyembed.internal.capi;

/**
 * Sub-interpreters with their own GIL (CPython 3.12+, PEP 684): {@code Py_NewInterpreterFromConfig} and
 * {@code Py_EndInterpreter}, made by the process's native backend ({@link LibPython#subInterpreters()}).
 *
 * <p>GIL rules: {@link #create()} is called by a thread that holds the main interpreter's GIL; it returns with the new
 * interpreter's thread state current (its own GIL held) and the caller's main thread state detached. {@link #end}
 * is called by the thread whose current thread state is the sub-interpreter's, which then has none.
 */
public interface SubInterpreterApi {

    /** {@code PyInterpreterConfig} (7 ints, the same from 3.12 to 3.14): an isolated interpreter with its own GIL. */
    static int[] ownGilConfig() {
        return new int[] {
                0, // use_main_obmalloc
                0, // allow_fork
                0, // allow_exec
                1, // allow_threads
                0, // allow_daemon_threads
                1, // check_multi_interp_extensions: single-phase-init extensions (numpy today) refuse to load
                2, // gil = PyInterpreterConfig_OWN_GIL
        };
    }

    /** Creates an interpreter with its own GIL; returns its thread state (current on the calling thread). */
    long create();

    /** The calling thread's current thread state (it must have one: GIL held), to switch back after {@link #create()}. */
    long currentThreadState();

    /** Ends the interpreter whose thread state {@code tstate} is current on the calling thread. */
    void end(long tstate);

    /** What a failed {@code PyStatus} says ({@code errMsg} and {@code func} may be null). */
    static IllegalStateException failed(String errMsg, String func, int exitcode) {
        return new IllegalStateException("Py_NewInterpreterFromConfig failed: "
                + (errMsg == null ? "exit " + exitcode : errMsg) + (func == null ? "" : " (in " + func + ")"));
    }
}
