package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

/** Add an entry to the decision log. */
public record RecordDecision(@TargetAggregateIdentifier IncidentId incidentId, String decision, String rationale) {
}
