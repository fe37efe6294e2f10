package dev.pyembed.internal.capi;

import dev.pyembed.NativeBackend;
import dev.pyembed.PythonVersion;

import java.nio.file.Path;

/** One backend's binding of a loaded libpython: the engine's C API and the initialization functions. */
interface NativeBinding {

    NativeBackend backend();

    CApi api();

    /** The same binding's functions that run without the GIL or switch thread states. */
    ThreadSwitchApi threadSwitches();

    InitApi init();

    /** The sub-interpreter functions (CPython 3.12+; the caller checks the version). */
    SubInterpreterApi subInterpreters(Path library, int openFlags);

    /**
     * Makes a binding. The FFM factory lives only in {@code META-INF/versions/22} of the multi-release jar and is
     * instantiated reflectively (see {@link NativeBackends}), so that a Java 17 JVM never loads a Java 22 class file.
     */
    interface Factory {
        /** Binds {@code library}, already loaded by {@link LibPython} with {@code RTLD_GLOBAL}. */
        NativeBinding bind(Path library, PythonVersion version);
    }
}
