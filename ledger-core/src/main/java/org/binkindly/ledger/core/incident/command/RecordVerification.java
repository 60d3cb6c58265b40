package org.binkindly.ledger.core.incident.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.VerificationOutcome;

import java.time.Instant;

/** Record a verification result. */
public record RecordVerification(@TargetAggregateIdentifier IncidentId incidentId, VerificationOutcome outcome, String details, Instant verifiedAt) {
}
