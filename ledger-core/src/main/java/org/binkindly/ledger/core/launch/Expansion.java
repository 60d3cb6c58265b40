package org.binkindly.ledger.core.launch;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.launch.command.CompleteExpansion;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Texts;

import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An expansion of a scope; it exists only once completed, which the no-go rules must allow. */
@AggregateRoot
class Expansion {

    @AggregateIdentifier
    private ExpansionId expansionId;

    Expansion() {
        // rebuilt from events, or created by the completion below
    }

    /**
     * Consults the gate for the scope (validated for any build) as of now. A creation-policy handler
     * rather than a constructor, so that the caller gets the findings the expansion was completed on.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    List<NoGoFinding> handle(CompleteExpansion command, NoGoGate gate) {
        Objects.requireNonNull(command.expansionId(), "expansionId");
        Objects.requireNonNull(command.scope(), "scope");
        String description = Texts.required(command.description(), "description");
        List<NoGoFinding> findings = gate.evaluate(command.scope(), null);
        List<String> blocking = NoGoGate.blocking(findings).stream().map(NoGoRule::name).toList();
        if (!blocking.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.EXPANSION_BLOCKED,
                    "no expansion of %s while a no-go rule blocks: %s".formatted(command.scope(), String.join(", ", blocking)),
                    blocking);
        }
        apply(new ExpansionCompleted(command.expansionId(), command.scope(), description, findings));
        return findings;
    }

    @EventSourcingHandler
    void on(ExpansionCompleted event) {
        expansionId = event.expansionId();
    }
}
