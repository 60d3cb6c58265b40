package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** An entry was added to the incident's decision log. */
@Revision("1")
public record DecisionRecorded(IncidentId incidentId, String decision, String rationale) implements IncidentEvent {
}
