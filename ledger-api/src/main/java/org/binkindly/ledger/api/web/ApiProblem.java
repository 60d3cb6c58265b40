package org.binkindly.ledger.api.web;

import org.springframework.http.HttpStatus;

/** Stable codes for failures that are about the request rather than a ledger rule. */
public enum ApiProblem {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST),
    INVALID_VALUE(HttpStatus.BAD_REQUEST),
    UNKNOWN_FIELD(HttpStatus.BAD_REQUEST),
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
    TIME_IN_FUTURE(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
    CONCURRENT_MODIFICATION(HttpStatus.CONFLICT),
    REBIND_NOT_MANUAL(HttpStatus.CONFLICT),
    TOKEN_NAME_IN_USE(HttpStatus.CONFLICT),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    VIEW_PENDING(HttpStatus.SERVICE_UNAVAILABLE),
    IDENTITY_PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    TIMED_OUT(HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    PROJECTION_NOT_REPLAYABLE(HttpStatus.CONFLICT),
    PROJECTION_BUSY(HttpStatus.CONFLICT),
    IDEMPOTENCY_KEY_INVALID(HttpStatus.BAD_REQUEST),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_ENTITY),
    IDEMPOTENCY_KEY_IN_USE(HttpStatus.CONFLICT),
    IDEMPOTENT_RESPONSE_WITHHELD(HttpStatus.CONFLICT),
    IF_MATCH_INVALID(HttpStatus.BAD_REQUEST),
    LEDGER_POSITION_INVALID(HttpStatus.BAD_REQUEST),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED);

    private final HttpStatus status;

    ApiProblem(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
