package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A containment action was taken, and when. */
@Revision("1")
public record ContainmentActionRecorded(IncidentId incidentId, String action, Instant performedAt) implements IncidentEvent {
}
