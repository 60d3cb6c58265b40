package org.binkindly.ledger.core.incident;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A containment action was taken, and when. */
@Revision("1")
public record ContainmentActionRecorded(IncidentId incidentId, String action, Instant performedAt) implements IncidentEvent {
}
