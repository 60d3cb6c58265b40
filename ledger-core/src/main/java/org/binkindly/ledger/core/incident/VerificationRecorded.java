package org.binkindly.ledger.core.incident;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A verification was run, with its outcome. */
@Revision("1")
public record VerificationRecorded(IncidentId incidentId, VerificationOutcome outcome, String details, Instant verifiedAt) implements IncidentEvent {
}
