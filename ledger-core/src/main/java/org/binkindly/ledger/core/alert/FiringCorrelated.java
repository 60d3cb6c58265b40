package org.binkindly.ledger.core.alert;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;

/** A firing (fingerprint and start) was assigned to an incident; the same firing again goes to the same incident. */
@Revision("1")
public record FiringCorrelated(AlertCorrelationId correlationId, String fingerprint, Instant startsAt, IncidentId incidentId)
        implements AlertCorrelationEvent {
}
