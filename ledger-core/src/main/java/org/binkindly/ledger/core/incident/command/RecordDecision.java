package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add an entry to the decision log. */
public record RecordDecision(@TargetAggregateIdentifier IncidentId incidentId, String decision, String rationale) {
}
