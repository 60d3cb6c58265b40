package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The incident repeats earlier incidents of the same class and scope within the recurrence window. */
@Revision("1")
public record RecurrenceFlagged(IncidentId incidentId, List<IncidentId> priorIncidentIds, int windowDays) implements IncidentEvent {
}
