/**
 * Not API: pyembed's machinery, which may change in any release. By mechanism: {@code gil} (scopes, thread states,
 * the GIL token), {@code engine} (the main interpreter, conversions, callbacks, errors, the bootstrap module),
 * {@code interp} (sub-interpreters), {@code capi} (the binding to libpython, JNA and FFM) and {@code runtime} (finding
 * and extracting CPython and Python packages). ArchitectureTest keeps them free of cycles.
 */
package dev.pyembed.internal;
