package dev.pyembed;

/**
 * Which CPython the engine loads ({@code pyembed.runtime}).
 *
 * <p>{@link #AUTO} tries, in order: an explicit library/home or a virtualenv when one is configured, the
 * system {@code python3} on {@code PATH} (when it is a shared-library build), then the embedded runtime
 * shipped as a Maven artifact. It logs what it chose and why it skipped the others.
 */
public enum RuntimeSelection {
    /** Try path/venv, then system, then embedded; take the first that works. */
    AUTO,
    /** The CPython shipped in {@code org.bytedeco:cpython} (extracted once into a per-user cache). */
    EMBEDDED,
    /** The {@code python3} found on {@code PATH}; it must be built with {@code --enable-shared}. */
    SYSTEM,
    /** An explicit {@code library} (and optionally {@code home}), or a {@code venv}. */
    PATH
}
