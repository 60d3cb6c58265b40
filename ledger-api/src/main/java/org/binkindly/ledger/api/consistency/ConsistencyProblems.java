package org.binkindly.ledger.api.consistency;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The answers for stale If-Match versions and for creations that lost a race. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsistencyProblems {

    @ExceptionHandler(PreconditionFailed.class)
    ResponseEntity<ProblemDetail> stale(PreconditionFailed stale) {
        ProblemDetail problem = Problems.of(ApiProblem.PRECONDITION_FAILED, stale.getMessage());
        problem.setProperty("currentVersion", stale.currentVersion());
        return ResponseEntity.status(problem.getStatus()).eTag("\"" + stale.currentVersion() + "\"").body(problem);
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> createdTwice(AggregateStreamCreationException conflict) {
        ProblemDetail problem = Problems.of(ApiProblem.CONCURRENT_MODIFICATION,
                "another request created this resource at the same moment; read it and retry if needed");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
