package org.binkindly.ledger.core.incident;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A follow-up requirement was recorded, with an optional due time. */
@Revision("1")
public record FollowUpRecorded(IncidentId incidentId, String requirement, Instant dueBy) implements IncidentEvent {
}
