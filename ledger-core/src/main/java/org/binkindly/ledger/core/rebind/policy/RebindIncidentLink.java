package org.binkindly.ledger.core.rebind.policy;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.RebindOutcome;
import org.binkindly.ledger.core.incident.command.RecordRebindOutcome;
import org.binkindly.ledger.core.incident.command.StateImpactFact;
import org.binkindly.ledger.core.rebind.ObjectiveBreached;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindHistory;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.RuleCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the incident a rebind was started for how it ended: a verified rebind is its rollback
 * evidence; a failed one makes "rollback path is failing" a stated fact, which by the runbook's
 * severity model makes the incident SEV1; a missed objective is recorded as such. Never replayed;
 * repeats are no-ops on the incident.
 */
@ProcessingGroup(RebindIncidentLink.PROCESSING_GROUP)
public class RebindIncidentLink {

    public static final String PROCESSING_GROUP = "rebind-incident-link";
    public static final String ACTOR = "ledger:rebind-link";

    private static final Logger log = LoggerFactory.getLogger(RebindIncidentLink.class);

    private final RebindHistory history;
    private final CommandGateway commandGateway;

    public RebindIncidentLink(RebindHistory history, CommandGateway commandGateway) {
        this.history = history;
        this.commandGateway = commandGateway;
    }

    @EventHandler
    @DisallowReplay
    void on(RebindCompleted event) {
        incidentOf(event.rebindId()).ifPresent(incidentId -> send(new RecordRebindOutcome(incidentId,
                event.rebindId().value(), RebindOutcome.VERIFIED,
                "restored in %ds (objective %s), integrity confirmed in %ds (objective %s)".formatted(
                        event.restoreSeconds(), event.restoreObjectiveMet() ? "met" : "missed",
                        event.integritySeconds(), event.integrityObjectiveMet() ? "met" : "missed"))));
    }

    @EventHandler
    @DisallowReplay
    void on(RebindFailed event) {
        incidentOf(event.rebindId()).ifPresent(incidentId -> {
            String detail = "%s failed: %s".formatted(event.step(), event.reason());
            send(new RecordRebindOutcome(incidentId, event.rebindId().value(), RebindOutcome.FAILED, detail));
            send(new StateImpactFact(incidentId, ImpactFact.ROLLBACK_PATH_FAILING, ImpactFact.Value.YES,
                    "rebind " + event.rebindId() + " " + detail));
        });
    }

    @EventHandler
    @DisallowReplay
    void on(ObjectiveBreached event) {
        incidentOf(event.rebindId()).ifPresent(incidentId -> send(new RecordRebindOutcome(incidentId,
                event.rebindId().value(), RebindOutcome.OBJECTIVE_BREACHED,
                "%s objective missed: deadline %s passed".formatted(event.objective(), event.deadline()))));
    }

    private java.util.Optional<IncidentId> incidentOf(RebindId rebindId) {
        return history.current(rebindId).map(RebindState::incidentId);
    }

    private void send(Object command) {
        try {
            commandGateway.sendAndWait(command, MetaData.with(MetadataKeys.ACTOR, ACTOR));
        } catch (LedgerRuleViolation closed) {
            if (closed.code() != RuleCode.INCIDENT_CLOSED) {
                throw closed;
            }
            // The incident was closed before the rebind ended; the rebind keeps its own record.
            log.info("not recorded on {}: {}", command, closed.getMessage());
        }
    }
}
