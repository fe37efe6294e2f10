/**
 * pyembed's API: {@link dev.pyembed.PythonEngine} (start, GIL scopes, callbacks, close), {@link dev.pyembed.Gil}
 * (a GIL scope and what runs Python in it), {@link dev.pyembed.PyObject}, the exceptions, the listener SPI
 * ({@link dev.pyembed.GilListener}) and the value types that status and statistics report.
 *
 * <p>Rule for every caller: Python objects are used only inside a GIL scope, on the thread that opened it. Every
 * type here is API but one package-private bridge ({@code InternalAccess}); the machinery lives in
 * {@code dev.pyembed.internal} and its subpackages, which are not API and may change in any release (ArchitectureTest
 * checks both). {@link dev.pyembed.PythonScope} is what a {@link dev.pyembed.Gil} and a
 * {@link dev.pyembed.SubInterpreter} have in common.
 */
package dev.pyembed;
