package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;
import org.binkindly.ledger.core.shared.Severity;

/** The incident's effective severity changed, and on what basis. */
@Revision("1")
public record SeverityChanged(IncidentId incidentId, Severity from, Severity to, SeverityBasis basis, String reason) implements IncidentEvent {
}
