package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A checklist obligation was carried out, with its evidence and when it was done. */
@Revision("1")
public record ChecklistItemCompleted(IncidentId incidentId, String itemId, String evidence, Instant performedAt) implements IncidentEvent {
}
