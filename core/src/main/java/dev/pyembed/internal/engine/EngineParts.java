package dev.pyembed.internal.engine;

import dev.pyembed.PythonOutput;
import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.LibPython;
import dev.pyembed.internal.gil.GilScopes;

import java.util.List;

/**
 * The parts of a running engine that the machinery reaches each other through. Each getter reads the engine's current
 * part (some are made only when the interpreter starts), so hold this, not what it returns. Obtained with
 * {@link ApiAccess#parts}.
 */
public interface EngineParts {

    Conversions conversions();

    Bootstrap bootstrap();

    GilScopes scopes();

    PythonErrors errors();

    /** The raw C API: only for calls whose GIL rule the caller checks itself (see {@code internal.capi}). */
    CApi api();

    LibPython libPython();

    PythonOutput output();

    List<String> pythonPath();
}
