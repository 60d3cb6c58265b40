package org.binkindly.ledger.core.incident;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A verification was run, with its outcome. */
@Revision("1")
public record VerificationRecorded(IncidentId incidentId, VerificationOutcome outcome, String details, Instant verifiedAt) implements IncidentEvent {
}
