package dev.pyembed.sample.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** A request body larger than {@code risk.api.max-request-size}: 413, as a problem detail. */
public class PayloadTooLargeException extends ErrorResponseException {

    public PayloadTooLargeException(DataSize limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + limit.toBytes() + " bytes"), null);
    }
}
