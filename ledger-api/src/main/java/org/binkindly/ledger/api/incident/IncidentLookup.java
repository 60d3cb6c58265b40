package org.binkindly.ledger.api.incident;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.projections.incident.FindIncident;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * An incident as the views show it after every write so far, or INCIDENT_NOT_FOUND when the log
 * holds no such incident: what any endpoint naming an incident checks first, so a typo never
 * reaches the command side, and a lagging view never denies a stored incident.
 */
@Component
public class IncidentLookup {

    /** The aggregate type the event store records for incidents. */
    static final String AGGREGATE_TYPE = "Incident";

    private final QueryGateway queries;
    private final WrittenAnswers answers;

    IncidentLookup(QueryGateway queries, WrittenAnswers answers) {
        this.queries = queries;
        this.answers = answers;
    }

    /** The incident's view; 503 VIEW_PENDING if it is stored but its view has not caught up. */
    public IncidentView current(IncidentId incidentId) {
        return answers.view(IncidentViewProjector.PROCESSING_GROUP, AGGREGATE_TYPE, incidentId.value(),
                () -> find(incidentId), () -> notFound(incidentId));
    }

    /** INCIDENT_NOT_FOUND unless the log holds the incident; reads no view. */
    public void requireExists(IncidentId incidentId) {
        answers.requireStored(AGGREGATE_TYPE, incidentId.value(), () -> notFound(incidentId));
    }

    /** What to answer when a view of the incident does not show it: VIEW_PENDING if it is stored, else INCIDENT_NOT_FOUND. */
    RuntimeException absent(IncidentId incidentId) {
        return answers.absent(AGGREGATE_TYPE, incidentId.value(), () -> notFound(incidentId));
    }

    Optional<IncidentView> find(IncidentId incidentId) {
        return queries.query(new FindIncident(incidentId), ResponseTypes.optionalInstanceOf(IncidentView.class)).join();
    }

    static LedgerRuleViolation notFound(IncidentId incidentId) {
        return new LedgerRuleViolation(RuleCode.INCIDENT_NOT_FOUND, "no incident " + incidentId);
    }
}
