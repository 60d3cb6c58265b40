package org.binkindly.ledger.api.web;

/** A request the API refuses before any command is sent, with the problem code to answer. */
public class ApiException extends RuntimeException {

    private final ApiProblem problem;

    public ApiException(ApiProblem problem, String detail) {
        super(detail, null, false, false);
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }
}
