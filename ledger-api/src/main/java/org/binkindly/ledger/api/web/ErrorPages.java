package org.binkindly.ledger.api.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised before any controller runs (the servlet container, the request firewall, a
 * filter that gave up) land on {@code /error}. They are problem details with a code too, never
 * Spring's default error document.
 */
@RestController
@Hidden
@PreAuthorize("permitAll()")
class ErrorPages implements ErrorController {

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.resolve(value) : HttpStatus.NOT_FOUND;
        ApiProblem problem = switch (status) {
            case NOT_FOUND -> ApiProblem.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ApiProblem.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> ApiProblem.NOT_ACCEPTABLE;
            case PAYLOAD_TOO_LARGE -> ApiProblem.PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> ApiProblem.UNSUPPORTED_MEDIA_TYPE;
            case UNAUTHORIZED -> ApiProblem.UNAUTHENTICATED;
            case FORBIDDEN -> ApiProblem.FORBIDDEN;
            case SERVICE_UNAVAILABLE -> ApiProblem.SERVICE_UNAVAILABLE;
            default -> status.is4xxClientError() ? ApiProblem.MALFORMED_REQUEST : ApiProblem.INTERNAL_ERROR;
        };
        String detail = problem == ApiProblem.INTERNAL_ERROR ? "the ledger failed unexpectedly" : "the request was refused: " + status.getReasonPhrase();
        ProblemDetail body = Problems.of(problem, detail);
        body.setStatus(status.value());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
