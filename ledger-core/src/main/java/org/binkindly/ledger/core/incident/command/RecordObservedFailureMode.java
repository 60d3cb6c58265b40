package org.binkindly.ledger.core.incident.command;

import org.binkindly.ledger.core.incident.IncidentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add an observation of the failure mode. */
public record RecordObservedFailureMode(@TargetAggregateIdentifier IncidentId incidentId, String observation) {
}
