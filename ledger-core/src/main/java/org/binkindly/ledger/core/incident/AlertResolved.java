package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The alerting system reported an alert of the incident as resolved; a record only, never a closure. */
@Revision("1")
public record AlertResolved(IncidentId incidentId, String alertname, String fingerprint, Instant startsAt, Instant endsAt)
        implements IncidentEvent {
}
