package dev.pyembed;

import java.time.Duration;

/**
 * A call in a GIL scope that is still running past its deadline ({@link PythonEngine#callsPastDeadline()}): pyembed
 * asked its Python code to stop, and it has not returned yet, usually because it runs C code that does not return
 * to the interpreter (a long native kernel, a blocking system call).
 *
 * @param thread        the Java thread running it
 * @param label         the scope's label (e.g. {@code RiskService.score}), or {@code null}
 * @param deadline      the deadline it had
 * @param pastDeadline  how long ago the deadline passed
 * @param stopRequested whether pyembed has raised {@code pyembed.DeadlineExceeded} in it yet
 */
public record PastDeadlineCall(String thread, String label, Duration deadline, Duration pastDeadline, boolean stopRequested) {
}
