package dev.pyembed.internal.runtime;

import dev.pyembed.RuntimeSelection;

import java.nio.file.Path;

/**
 * What the user asked for: the selection and the optional paths of the builder / {@code pyembed.*} properties.
 *
 * @param selection      auto, embedded, system or path
 * @param library        an explicit libpython file, or {@code null}
 * @param home           an explicit Python home, or {@code null} (derived from the library when absent)
 * @param venv           a virtualenv folder, or {@code null}
 * @param cacheDirectory where the embedded runtime is extracted, or {@code null} for the per-user default
 */
public record RuntimeRequest(RuntimeSelection selection, Path library, Path home, Path venv, Path cacheDirectory) {
}
