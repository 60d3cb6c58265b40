package org.binkindly.ledger.api.console;

import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A console page or action the ledger refuses (a wrong role, an unknown incident, a view not caught
 * up) answers a page with the same status, code and {@code missing} list as the API's problem
 * document; faults are left to the API's handler (a problem with a reference to the log).
 */
@ControllerAdvice(assignableTypes = {ConsolePages.class, ConsoleActions.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleRefusals {

    private final CallerRights rights;

    ConsoleRefusals(CallerRights rights) {
        this.rights = rights;
    }

    @ExceptionHandler({LedgerRuleViolation.class, ApiException.class, AccessDeniedException.class, ConcurrencyException.class,
            CommandExecutionException.class})
    String refused(RuntimeException failure, Model model, HttpServletResponse response) {
        Refusal refusal = Refusal.of(failure).orElseThrow(() -> failure);
        response.setStatus(refusal.status());
        model.addAttribute("refusal", refusal);
        model.addAttribute("caller", rights.current());
        model.addAttribute("current", "refused");
        return "console/refused";
    }
}
