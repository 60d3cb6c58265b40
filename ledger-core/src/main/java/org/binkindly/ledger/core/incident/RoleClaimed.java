package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A person took one of the runbook's roles on the incident. */
@Revision("1")
public record RoleClaimed(IncidentId incidentId, IncidentRole role, String holder) implements IncidentEvent {
}
