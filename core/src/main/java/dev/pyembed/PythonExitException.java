package dev.pyembed;

/**
 * Python code raised {@code SystemExit} (e.g. {@code sys.exit(3)}) or {@code KeyboardInterrupt}. pyembed never
 * lets Python exit the JVM: the exit becomes this exception, and the engine stays usable.
 */
public class PythonExitException extends PythonException {

    private final int exitCode;

    public PythonExitException(String pythonType, String message, String traceback, int exitCode, Throwable cause) {
        super(pythonType, message, traceback, cause);
        this.exitCode = exitCode;
    }

    /** The exit code Python asked for ({@code sys.exit()} is 0, {@code sys.exit("msg")} is 1). */
    public int exitCode() {
        return exitCode;
    }
}
