/**
 * pyembed's API: {@link dev.pyembed.PythonEngine} (start, GIL scopes, callbacks, close), {@link dev.pyembed.Gil}
 * (a GIL scope and what runs Python in it), {@link dev.pyembed.PyObject}, the exceptions, the listener SPI
 * ({@link dev.pyembed.GilListener}) and the value types that status and statistics report.
 *
 * <p>Rule for every caller: Python objects are used only inside a GIL scope, on the thread that opened it. The
 * package also holds the engine's package-private machinery (conversions, callbacks, GIL scopes and monitor, the call
 * watcher); what is public here is API, {@code dev.pyembed.internal} is not.
 */
package dev.pyembed;
