package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.RebindOutcome;

/** Record how a manifest rebind linked to this incident ended. */
public record RecordRebindOutcome(@TargetAggregateIdentifier IncidentId incidentId, String rebindId, RebindOutcome outcome,
                                  String detail) {
}
