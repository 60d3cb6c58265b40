package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A rollback or kill-switch action and its outcome, or an explicit statement that none was used. */
@Revision("1")
public record InterventionRecorded(IncidentId incidentId, InterventionKind kind, String reference, String outcome) implements IncidentEvent {
}
