package dev.pyembed.internal.capi;

import java.nio.file.Path;

/**
 * How the interpreter is initialized. Signal handlers and faulthandler are always off: the JVM owns
 * SIGINT/SIGSEGV and uses SIGSEGV itself.
 *
 * @param home           the Python home (sys.prefix)
 * @param executable     sys.executable, or {@code null}
 * @param useEnvironment whether PYTHONHOME, PYTHONPATH and the other PYTHON* variables apply (default: no)
 */
public record InitSettings(Path home, Path executable, boolean useEnvironment) {
}
