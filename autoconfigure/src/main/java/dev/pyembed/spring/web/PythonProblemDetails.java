package dev.pyembed.spring.web;

import dev.pyembed.PythonException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A {@link PythonException} as an RFC 9457 problem detail for a web API: status 500, a detail naming the Python
 * type and the first line of its message, and the properties {@code pythonType}, {@code pythonMessage} and
 * {@code incident}; never the traceback or a Java stack (log those, under the incident id). For an
 * {@code @ExceptionHandler(PythonException.class)} of the application's own:
 *
 * <pre>{@code
 * @ExceptionHandler(PythonException.class)
 * ProblemDetail pythonFailed(PythonException ex) {
 *     String incident = UUID.randomUUID().toString();
 *     log.error("model failed (incident {})\n{}", incident, ex.pythonTraceback(), ex);
 *     return PythonProblemDetails.of(ex, "Risk model failed", "The risk model", incident);
 * }
 * }</pre>
 */
public final class PythonProblemDetails {

    /** Longest message kept in a problem detail; the log has the whole of it. */
    public static final int MAX_MESSAGE = 300;

    private PythonProblemDetails() {
    }

    /**
     * @param title    the problem's title, e.g. "Risk model failed"
     * @param subject  what raised, for the detail, e.g. "The risk model" (detail: "The risk model raised ValueError: ...")
     * @param incident an id the log line carries too
     */
    public static ProblemDetail of(PythonException exception, String title, String subject, String incident) {
        String type = exception.pythonType();
        String message = exception.pythonMessage();
        if ("pyembed.JavaError".equals(type) && exception.getCause() != null) {
            // a Java exception raised through Python: its class and message, not the Java stack in the text
            message = exception.getCause().getClass().getName() + ": " + exception.getCause().getMessage();
        }
        message = firstLine(message);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                subject + " raised " + type + ": " + message);
        problem.setTitle(title);
        problem.setProperty("pythonType", type);
        problem.setProperty("pythonMessage", message);
        problem.setProperty("incident", incident);
        return problem;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
    }
}
