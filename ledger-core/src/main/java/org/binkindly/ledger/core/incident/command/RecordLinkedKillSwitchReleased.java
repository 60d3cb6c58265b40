package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

/** Sent by the ledger when a kill switch linked to the incident is released; a repeat is a no-op. */
public record RecordLinkedKillSwitchReleased(@TargetAggregateIdentifier IncidentId incidentId, String killSwitchId) {
}
