package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;

/** The incident alerts were attaching to turned out to be closed; the next new firing opens a new incident. */
@Revision("1")
public record AlertIncidentFoundClosed(AlertCorrelationId correlationId, IncidentId incidentId) implements AlertCorrelationEvent {
}
