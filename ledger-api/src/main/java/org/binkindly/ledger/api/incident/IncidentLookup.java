package org.binkindly.ledger.api.incident;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.projections.incident.FindIncident;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.springframework.stereotype.Component;

/**
 * An incident as the views show it after every write so far, or INCIDENT_NOT_FOUND: what any
 * endpoint naming an incident checks first, so a typo never reaches the command side.
 */
@Component
public class IncidentLookup {

    private final QueryGateway queries;
    private final ViewFreshness freshness;

    IncidentLookup(QueryGateway queries, ViewFreshness freshness) {
        this.queries = queries;
        this.freshness = freshness;
    }

    public IncidentView current(IncidentId incidentId) {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new FindIncident(incidentId), ResponseTypes.optionalInstanceOf(IncidentView.class))
                .join().orElseThrow(() -> new LedgerRuleViolation(RuleCode.INCIDENT_NOT_FOUND, "no incident " + incidentId));
    }
}
