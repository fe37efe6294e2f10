package dev.pyembed;

import java.time.Duration;

/**
 * What one sub-interpreter of a {@link PythonInterpreterPool} has done so far.
 *
 * @param index     which interpreter (0 to size - 1)
 * @param queued    work waiting for it now
 * @param busy      whether it runs work now
 * @param completed work that returned a result
 * @param failed    work that threw
 * @param runTime   time spent running work (its own GIL held)
 */
public record InterpreterStats(int index, int queued, boolean busy, long completed, long failed, Duration runTime) {
}
