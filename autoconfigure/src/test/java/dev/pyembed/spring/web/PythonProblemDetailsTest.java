package dev.pyembed.spring.web;

import dev.pyembed.PythonException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/** A Python exception becomes a problem detail with its type and first message line, no traceback or Java stack. */
class PythonProblemDetailsTest {

    @Test
    void aPythonErrorIsA500WithTypeMessageAndIncident() {
        PythonException error = new PythonException("ValueError", "history is corrupt\nsecond line",
                "Traceback (most recent call last):\n  File \"model.py\", line 3\nValueError: history is corrupt", null);
        ProblemDetail problem = PythonProblemDetails.of(error, "Risk model failed", "The risk model", "incident-1");
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getTitle()).isEqualTo("Risk model failed");
        assertThat(problem.getDetail()).isEqualTo("The risk model raised ValueError: history is corrupt");
        assertThat(problem.getProperties()).containsEntry("pythonType", "ValueError")
                .containsEntry("pythonMessage", "history is corrupt").containsEntry("incident", "incident-1");
        assertThat(problem.toString()).doesNotContain("Traceback");
    }

    @Test
    void aJavaErrorRaisedThroughPythonShowsTheJavaClassNotItsStack() {
        PythonException error = new PythonException("pyembed.JavaError", "java.lang.IllegalStateException: no\n\tat x.y",
                "", new IllegalStateException("no"));
        ProblemDetail problem = PythonProblemDetails.of(error, "t", "The model", "i");
        assertThat(problem.getProperties()).containsEntry("pythonMessage", "java.lang.IllegalStateException: no");
        assertThat(problem.getDetail()).doesNotContain("\tat ");
    }

    @Test
    void aLongMessageIsCut() {
        PythonException error = new PythonException("RuntimeError", "x".repeat(1000), "", null);
        assertThat((String) PythonProblemDetails.of(error, "t", "s", "i").getProperties().get("pythonMessage"))
                .hasSize(PythonProblemDetails.MAX_MESSAGE + 3).endsWith("...");
    }
}
