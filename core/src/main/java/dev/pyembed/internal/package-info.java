/**
 * Not API. The GIL's per-thread machinery: one cached CPython thread state per Java thread
 * ({@link dev.pyembed.internal.ThreadStates}, {@link dev.pyembed.internal.ThreadContext}), the shutdown gate, the queue of
 * Java callers, the references whose decrement waits for the GIL ({@code DeferredDecRefs}), virtual-thread detection.
 *
 * <p>Its rule: {@link dev.pyembed.internal.GilHeld} is the token a thread has while it holds the GIL; C API calls that
 * need the GIL are made through it, by the thread it was made for.
 */
package dev.pyembed.internal;
