/**
 * Not API. The engine's machinery behind {@link dev.pyembed.PythonEngine}: GIL scopes and their monitor
 * ({@code GilScopes}, {@code GilMonitor}, {@code GilHandOff} for virtual threads), conversions between Java and Python
 * values ({@code Conversions} and its helpers), callbacks from Python into Java ({@code Callbacks},
 * {@code JavaMethodInvoker}), Python errors as Java exceptions ({@code PythonErrors}), stopping calls
 * ({@code CallWatcher}, {@code InterpreterStopper}), sub-interpreter threads ({@code InterpreterWorker}), asyncio
 * ({@code AsyncCalls}), the bootstrap module ({@code Bootstrap}, {@code bootstrap.py}) and the code cache.
 *
 * <p>It reaches the API types' package-private members (their constructors and handles) through
 * {@link dev.pyembed.internal.engine.ApiAccess}, which {@code PythonEngine} installs, and the engine's other parts
 * through {@link dev.pyembed.internal.engine.EngineParts}. Public here means public to pyembed's own modules, not to
 * users. Every method that takes a {@link dev.pyembed.internal.GilHeld} runs with the GIL held by the calling thread.
 */
package dev.pyembed.internal.engine;
