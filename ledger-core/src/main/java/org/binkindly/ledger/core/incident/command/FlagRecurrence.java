package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;

import java.util.List;

/** Flag the incident as a repeat of earlier incidents of the same class and scope. */
public record FlagRecurrence(@TargetAggregateIdentifier IncidentId incidentId, List<IncidentId> priorIncidentIds, int windowDays) {
}
