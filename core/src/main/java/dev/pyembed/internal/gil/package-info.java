/**
 * Not API. The GIL: scopes that take it and give it back ({@code GilScopes}), one cached CPython thread state per
 * Java thread ({@code ThreadStates}, {@code ThreadContext}), the shutdown gate ({@code ScopeGate}), the queue of Java
 * callers, the platform threads that run virtual threads' Python work ({@code GilHandOff}), the monitor behind GIL
 * status and listeners ({@code GilMonitor}), and the references whose decrement waits for the GIL
 * ({@code DeferredDecRefs}).
 *
 * <p>Its rule: {@link dev.pyembed.internal.gil.GilHeld} is the token a thread has while it holds the GIL; C API calls
 * that need the GIL are made through it, by the thread it was made for. Only this package switches thread states on
 * the main interpreter ({@code ThreadSwitchApi}); a token is minted only where the GIL has just been taken
 * (ArchitectureTest names each place).
 */
package dev.pyembed.internal.gil;
