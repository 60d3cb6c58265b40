package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A checklist obligation was judged not to apply, with the reason. */
@Revision("1")
public record ChecklistItemWaived(IncidentId incidentId, String itemId, String reason) implements IncidentEvent {
}
