package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.util.List;

/** Obligations were added to the incident's checklist (runbook steps, severity responses, closure condition, recurrence review). */
@Revision("1")
public record ChecklistItemsAdded(IncidentId incidentId, List<ChecklistItem> items) implements IncidentEvent {
}
