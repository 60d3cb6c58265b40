package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/** RFC 9457 problem details, each with a stable {@code code} that clients match on. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ApiProblem problem, String detail) {
        return build(problem.status(), problem.name(), detail);
    }

    public static ProblemDetail of(LedgerRuleViolation violation) {
        ProblemDetail problem = build(statusOf(violation.code()), violation.code().name(), violation.getMessage());
        if (!violation.missing().isEmpty()) {
            problem.setProperty("missing", violation.missing());
        }
        return problem;
    }

    public static HttpStatus statusOf(RuleCode code) {
        return switch (code.category()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }

    /** For filters and security handlers that answer before any controller runs. */
    public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static ProblemDetail build(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:binkindly:ledger:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }
}
