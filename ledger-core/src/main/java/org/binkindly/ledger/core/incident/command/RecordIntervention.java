package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.InterventionKind;

/** Record the rollback or kill-switch action used, or state that none was. */
public record RecordIntervention(@TargetAggregateIdentifier IncidentId incidentId, InterventionKind kind, String reference, String outcome) {
}
