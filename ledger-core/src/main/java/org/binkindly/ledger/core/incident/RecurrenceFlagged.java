package org.binkindly.ledger.core.incident;

import java.util.List;
import org.axonframework.serialization.Revision;

/** The incident repeats earlier incidents of the same class and scope within the recurrence window. */
@Revision("1")
public record RecurrenceFlagged(IncidentId incidentId, List<IncidentId> priorIncidentIds, int windowDays) implements IncidentEvent {
}
