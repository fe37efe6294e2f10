package dev.pyembed.sample.web;

import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonException;
import dev.pyembed.spring.web.PythonProblemDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every error of the API as an RFC 9457 problem detail ({@code application/problem+json}): Spring MVC's own
 * (405, 415, 404 ...) through {@link ResponseEntityExceptionHandler}, with details that say what to fix for bad
 * input, and for failures of the Python model the Python exception's type and message (never its traceback, which
 * is logged with an incident id that the body carries).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final int MAX_MESSAGE = 300;

    /** Fields that fail bean validation: one entry per field in {@code errors}. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldError> fieldErrors = ex.getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField).thenComparing(e -> String.valueOf(e.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ex.getBody();
        problem.setDetail("Invalid fields: " + fieldErrors.stream().map(FieldError::getField).distinct()
                .collect(Collectors.joining(", ")));
        problem.setProperty("errors", fieldErrors.stream()
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList());
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** A body that is not the JSON object expected: malformed, of the wrong types, with unknown fields, or too large. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ErrorResponseException tooLarge) {
                return handleErrorResponseException(tooLarge, tooLarge.getHeaders(), tooLarge.getStatusCode(), request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatus(status);
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problem.setDetail("Unknown field '" + unknown.getPropertyName() + "'");
            problem.setProperty("errors", List.of(Map.of("field", unknown.getPropertyName(), "message", "is not a field of this request")));
        } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = fieldPath(mismatch);
            String expected = describe(mismatch.getTargetType());
            problem.setDetail("Field '" + field + "' " + expected);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", expected)));
        } else if (cause instanceof MismatchedInputException) {
            problem.setDetail("The body must be one JSON object (fields customerId, income, debt, age, employmentYears)");
        } else if (cause instanceof StreamReadException malformed) {
            problem.setDetail("Malformed JSON" + at(malformed) + ": " + firstLine(malformed.getOriginalMessage()));
        } else if (cause == null) {
            problem.setDetail("The request body is missing: send a JSON object");
        } else {
            problem.setDetail("The body could not be read as JSON");
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** The Python model raised: 500 with the Python type and message; the traceback goes to the log only. */
    @ExceptionHandler(PythonException.class)
    ResponseEntity<Object> pythonFailed(PythonException ex, WebRequest request) {
        String incident = UUID.randomUUID().toString();
        log.error("risk model failed (incident {}) on {}: {}: {}\n{}", incident, request.getDescription(false),
                ex.pythonType(), ex.pythonMessage(), ex.pythonTraceback(), ex);
        ProblemDetail problem = PythonProblemDetails.of(ex, "Risk model failed", "The risk model", incident);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Python was busy for longer than the {@code @WithGil} timeout: 503, retry later. */
    @ExceptionHandler(GilTimeoutException.class)
    ResponseEntity<Object> gilTimeout(GilTimeoutException ex, WebRequest request) {
        log.warn("{}: {}", request.getDescription(false), ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The risk model is busy; retry later");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    /** Anything else: 500 without internals, logged with an incident id. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        String incident = UUID.randomUUID().toString();
        log.error("request failed (incident {}) on {}", incident, request.getDescription(false), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed; the service's log has the details under the incident id");
        problem.setProperty("incident", incident);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be an integer";
        }
        if (type == Double.class || type == double.class) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        return "has the wrong type";
    }

    private static String at(JacksonException ex) {
        TokenStreamLocation location = ex.getLocation();
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
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
