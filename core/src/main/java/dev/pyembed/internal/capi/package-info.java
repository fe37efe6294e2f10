/**
 * Not API. The binding to libpython's C API: the interfaces ({@code CApi}, {@code InitApi}, {@code BufferApi},
 * {@code SubInterpreterApi}) and their two backends, JNA direct mapping ({@code Jna*}, {@code LibPythonNatives}) and, on
 * Java 22+, FFM ({@code Ffm*}, in {@code src/main/java22}, made reflectively so that Java 17 never links them); loading
 * libpython and preloading its libraries; upcalls from C into Java.
 *
 * <p>Rule: every function of {@code CApi} (and {@code BufferApi}, but its raw memory calls) runs with the GIL held by the calling OS thread, and
 * is reached through a {@code GilHeld} token; {@code ThreadSwitchApi} holds the few that run without it or take and
 * give it back ({@code PyEval_RestoreThread}/{@code PyEval_SaveThread}, thread states made); {@code InitApi} runs
 * before the GIL exists; {@code SubInterpreterApi} says per function.
 */
package dev.pyembed.internal.capi;
