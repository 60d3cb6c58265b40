package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A further observation of the failure mode was recorded. */
@Revision("1")
public record FailureModeObserved(IncidentId incidentId, String observation) implements IncidentEvent {
}
