package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** A firing alert was received for the incident (the first one opened it). */
@Revision("1")
public record AlertFired(IncidentId incidentId, ReceivedAlert alert) implements IncidentEvent {
}
