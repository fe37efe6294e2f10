/**
 * Not API. Sub-interpreters (CPython 3.12+): each on its own platform thread, which creates it, runs the work given
 * to it with that interpreter's own GIL held, and ends it ({@code InterpreterWorker}); the thread that stops running
 * work on request ({@code InterpreterStopper}). {@link dev.pyembed.PythonInterpreterPool} is their API.
 */
package dev.pyembed.internal.interp;
