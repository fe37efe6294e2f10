/**
 * Not API. The binding to libpython's C API: the interfaces ({@code CApi}, {@code InitApi}, {@code BufferApi},
 * {@code SubInterpreterApi}) and their two backends, JNA direct mapping ({@code Jna*}, {@code LibPythonNatives}) and, on
 * Java 22+, FFM ({@code Ffm*}, in {@code src/main/java22}, made reflectively so that Java 17 never links them); loading
 * libpython and preloading its libraries; upcalls from C into Java.
 *
 * <p>Rule: every call here runs with the GIL held by the calling OS thread, except those whose interface says
 * otherwise (initialization before the GIL exists, {@code PyEval_RestoreThread}, and the thread-state switches).
 */
package dev.pyembed.internal.capi;
