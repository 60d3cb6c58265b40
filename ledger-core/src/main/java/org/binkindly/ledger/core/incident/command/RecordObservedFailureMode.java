package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

/** Add an observation of the failure mode. */
public record RecordObservedFailureMode(@TargetAggregateIdentifier IncidentId incidentId, String observation) {
}
