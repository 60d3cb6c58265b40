package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A follow-up requirement was recorded, with an optional due time. */
@Revision("1")
public record FollowUpRecorded(IncidentId incidentId, String requirement, Instant dueBy) implements IncidentEvent {
}
