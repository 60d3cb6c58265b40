package org.binkindly.ledger.core.incident;

import java.util.List;
import org.axonframework.serialization.Revision;

/** Obligations were added to the incident's checklist (runbook steps, severity responses, closure condition, recurrence review). */
@Revision("1")
public record ChecklistItemsAdded(IncidentId incidentId, List<ChecklistItem> items) implements IncidentEvent {
}
