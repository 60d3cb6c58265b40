package org.binkindly.ledger.api.incident;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.consistency.NewIds;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.api.web.ViewFreshness;
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
import org.binkindly.ledger.projections.incident.IncidentSummary;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.incident.ListIncidents;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * Declaring an incident, as {@code POST /incidents} and the console's form both do: a new id (the
 * same one again for a retry under the same Idempotency-Key), refused while one of the same class and
 * scope is open unless the caller says why a separate one is needed, then {@link DeclareIncident}.
 */
@Component
public class IncidentDeclarations {

    /** What a declaration states; the impact facts not named are not known (and so count as true). */
    public record Declaration(IncidentClass incidentClass, Scope scope, Map<ImpactFact, ImpactFact.Value> impact,
                              Severity severity, String severityReason, TriggerSource trigger, String observedFailureMode,
                              Instant detectedAt, String separateBecause) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final ReportedTimes times;
    private final NewIds newIds;

    IncidentDeclarations(CommandGateway commands, QueryGateway queries, ViewFreshness freshness, ReportedTimes times,
                         NewIds newIds) {
        this.commands = commands;
        this.queries = queries;
        this.freshness = freshness;
        this.times = times;
        this.newIds = newIds;
    }

    /** The incident as the declaration left it (null only for a retry the command guard did not run again), and its id. */
    public record Declared(IncidentId incidentId, IncidentState state) {
    }

    public Declared declare(Declaration declaration) {
        IncidentId incidentId = newIds.next("inc-", IncidentId::of, IncidentId::generate);
        IncidentId openOne = openIncidentOf(declaration.incidentClass(), declaration.scope());
        if (incidentId.equals(openOne)) {
            openOne = null; // a retry (same Idempotency-Key) of the declaration that opened it: answered as before
        }
        String separateBecause = declaration.separateBecause() == null || declaration.separateBecause().isBlank()
                ? null : declaration.separateBecause();
        if (openOne != null && separateBecause == null) {
            throw new LedgerRuleViolation(RuleCode.INCIDENT_ALREADY_OPEN, ("%s is open for %s on %s; work that one, or say why a "
                    + "separate incident is needed in separateBecause").formatted(openOne, declaration.incidentClass(),
                    declaration.scope()));
        }
        IncidentState declared = commands.sendAndWait(new DeclareIncident(incidentId, declaration.incidentClass(),
                declaration.scope(), ImpactAssessment.of(declaration.impact()), declaration.severity(), declaration.trigger(),
                declaration.observedFailureMode(), times.orNow(declaration.detectedAt(), "detectedAt"),
                declaration.severityReason(), openOne, openOne == null ? null : separateBecause));
        return new Declared(incidentId, declared);
    }

    /** The open incident of this class and scope in the views (caught up with every write so far), or null. */
    private IncidentId openIncidentOf(IncidentClass incidentClass, Scope scope) {
        if (incidentClass == null || scope == null) {
            return null;
        }
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new ListIncidents(IncidentState.Status.OPEN, scope, 1000),
                        ResponseTypes.multipleInstancesOf(IncidentSummary.class)).join().stream()
                .filter(summary -> summary.incidentClass() == incidentClass)
                .map(IncidentSummary::incidentId)
                .findFirst().orElse(null);
    }
}
