package org.binkindly.ledger.core.alert.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.alert.AlertCorrelationId;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;

/**
 * Decide which incident a firing belongs to. {@code candidate} is the id a new incident gets if one
 * has to be opened; {@code foundClosed} names an incident that just refused a new firing because it
 * is closed.
 */
public record CorrelateFiring(@TargetAggregateIdentifier AlertCorrelationId correlationId, String fingerprint, Instant startsAt,
                              IncidentId candidate, IncidentId foundClosed) {
}
