/**
 * Not API: pyembed's machinery, which may change in any release. By mechanism: {@code gil} (scopes, thread states,
 * the GIL token), {@code engine} (the main interpreter, conversions, callbacks, errors, the bootstrap module),
 * {@code interp} (sub-interpreters), {@code capi} (the binding to libpython, JNA and FFM) and {@code runtime} (finding
 * and extracting CPython and Python packages). ArchitectureTest keeps them free of cycles.
 *
 * <p>Why no {@code module-info} hides them: the jar is an automatic module ({@code dev.pyembed.core}), which exports
 * every package. A real module would need JNA on the module path too and its tests run as a module, and pyembed's
 * own bench and Maven plugin use these packages; so "not API" is said here, in each internal package-info and in
 * the README, and the starter is checked to use none of it (SpringArchitectureTest).
 */
package dev.pyembed.internal;
