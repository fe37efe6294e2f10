/**
 * Not API. The engine's machinery behind {@link dev.pyembed.PythonEngine}: the main interpreter's start and end
 * ({@code MainInterpreter}), conversions between Java and Python values ({@code Conversions} and its helpers),
 * callbacks from Python into Java ({@code Callbacks}, {@code NativeFunctions}, {@code JavaMethodInvoker}), Python
 * errors as Java exceptions ({@code PythonErrors}), stopping calls ({@code CallWatcher}), asyncio
 * ({@code AsyncCalls}), the bootstrap module ({@code Bootstrap}, {@code bootstrap.py}) and the code cache. These
 * depend on each other (a conversion can make a callback, a callback converts, an error carries a Python value), so
 * they are one package; the GIL ({@code internal.gil}) and sub-interpreters ({@code internal.interp}) are apart.
 *
 * <p>It reaches the API types' package-private members (their constructors and handles) through
 * {@link dev.pyembed.internal.engine.ApiAccess}, which {@code PythonEngine} installs, and the engine's other parts
 * through {@link dev.pyembed.internal.engine.EngineParts}. Public here means public to pyembed's own modules, not to
 * users. Every method that takes a {@link dev.pyembed.internal.gil.GilHeld} runs with the GIL held by the calling thread.
 */
package dev.pyembed.internal.engine;
