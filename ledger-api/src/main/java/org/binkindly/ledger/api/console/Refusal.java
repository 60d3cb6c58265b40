package org.binkindly.ledger.api.console;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.Problems;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A refused action as the console shows it: the same code, detail and {@code missing} list the
 * API's problem document would carry for the same refusal (both are built by {@link Problems}).
 */
record Refusal(int status, String code, String detail, List<String> missing) implements Serializable {

    /** The refusal a failure stands for, or empty if it is a fault rather than a refusal. */
    static Optional<Refusal> of(Throwable failure) {
        return problemOf(failure).map(Refusal::of);
    }

    static Refusal of(ProblemDetail problem) {
        Object code = problem.getProperties() == null ? null : problem.getProperties().get("code");
        Object missing = problem.getProperties() == null ? null : problem.getProperties().get("missing");
        List<String> missingItems = missing instanceof List<?> items ? items.stream().map(String::valueOf).toList() : List.of();
        return new Refusal(problem.getStatus(), String.valueOf(code), problem.getDetail(), missingItems);
    }

    private static Optional<ProblemDetail> problemOf(Throwable failure) {
        if (failure instanceof CommandExecutionException execution && execution.getCause() != null) {
            return problemOf(execution.getCause());
        }
        if (failure instanceof LedgerRuleViolation violation) {
            return Optional.of(Problems.of(violation));
        }
        if (failure instanceof ApiException refused) {
            return Optional.of(Problems.of(refused.problem(), refused.getMessage()));
        }
        if (failure instanceof AccessDeniedException) {
            return Optional.of(Problems.of(ApiProblem.FORBIDDEN, "your roles do not allow this"));
        }
        if (failure instanceof ConcurrencyException) {
            return Optional.of(Problems.of(ApiProblem.CONCURRENT_MODIFICATION,
                    "someone else changed this at the same moment; read it again and retry"));
        }
        return Optional.empty();
    }
}
