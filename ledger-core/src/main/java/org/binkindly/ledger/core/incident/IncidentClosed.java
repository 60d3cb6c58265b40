package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

/** The incident was closed with its post-incident record, all evidence complete. */
@Revision("1")
public record IncidentClosed(IncidentId incidentId, String postIncidentRecord) implements IncidentEvent {
}
