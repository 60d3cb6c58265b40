package org.binkindly.ledger.core.incident;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add an entry to the decision log. */
public record RecordDecision(@TargetAggregateIdentifier IncidentId incidentId, String decision, String rationale) {
}
