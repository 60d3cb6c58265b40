package org.binkindly.ledger.api.incident;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.binkindly.ledger.api.consistency.NewIds;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.command.DeclareIncident;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * Declaring an incident, as {@code POST /incidents} and the console's form both do: a new id (the
 * same one again for a retry under the same Idempotency-Key), refused while one of the same class and
 * scope is open ({@link OpenIncidents}, never behind the log) unless the caller says why a separate one is
 * needed, then {@link DeclareIncident}.
 */
@Component
public class IncidentDeclarations {

    /** What a declaration states; the impact facts not named are not known (and so count as true). */
    public record Declaration(IncidentClass incidentClass, Scope scope, Map<ImpactFact, ImpactFact.Value> impact,
                              Severity severity, String severityReason, TriggerSource trigger, String observedFailureMode,
                              Instant detectedAt, String separateBecause) {
    }

    private final CommandGateway commands;
    private final OpenIncidents openIncidents;
    private final ReportedTimes times;
    private final NewIds newIds;

    IncidentDeclarations(CommandGateway commands, OpenIncidents openIncidents, ReportedTimes times, NewIds newIds) {
        this.commands = commands;
        this.openIncidents = openIncidents;
        this.times = times;
        this.newIds = newIds;
    }

    /** The incident as the declaration left it (null only for a retry the command guard did not run again), and its id. */
    public record Declared(IncidentId incidentId, IncidentState state) {
    }

    public Declared declare(Declaration declaration) {
        IncidentId incidentId = newIds.next("inc-", IncidentId::of, IncidentId::generate);
        String separateBecause = declaration.separateBecause() == null || declaration.separateBecause().isBlank()
                ? null : declaration.separateBecause();
        // Only a declaration that says why it is separate needs the open one's id before sending (it names it);
        // any other is checked by OpenIncidentClaim under a lock inside the declaration's own transaction, so
        // the common declaration takes one connection, not two. A retry (same Idempotency-Key) of the
        // declaration that opened the open one is not counted against itself (its own id is excluded).
        IncidentId openOne = separateBecause == null || declaration.incidentClass() == null || declaration.scope() == null
                ? null : openIncidents.openOf(declaration.incidentClass(), declaration.scope(), incidentId);
        IncidentState declared = commands.sendAndWait(new DeclareIncident(incidentId, declaration.incidentClass(),
                declaration.scope(), ImpactAssessment.of(declaration.impact()), declaration.severity(), declaration.trigger(),
                declaration.observedFailureMode(), times.orNow(declaration.detectedAt(), "detectedAt"),
                declaration.severityReason(), openOne, openOne == null ? null : separateBecause));
        return new Declared(incidentId, declared);
    }

    static LedgerRuleViolation alreadyOpen(IncidentId openOne, IncidentClass incidentClass, Scope scope) {
        return new LedgerRuleViolation(RuleCode.INCIDENT_ALREADY_OPEN, ("%s is open for %s on %s; work that one, or say why a "
                + "separate incident is needed in separateBecause").formatted(openOne, incidentClass, scope));
    }
}
