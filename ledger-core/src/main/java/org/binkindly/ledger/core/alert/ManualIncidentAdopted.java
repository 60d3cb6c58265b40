package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;

/** An incident declared by a person became the open incident of its class and scope: alerts attach to it. */
@Revision("1")
public record ManualIncidentAdopted(AlertCorrelationId correlationId, IncidentId incidentId) implements AlertCorrelationEvent {
}
