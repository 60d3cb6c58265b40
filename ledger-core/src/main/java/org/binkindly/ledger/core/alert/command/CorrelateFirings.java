package org.binkindly.ledger.core.alert.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.binkindly.ledger.core.alert.AlertCorrelationId;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Decide which incident each firing of one delivery belongs to, for one class and scope, in one
 * command: a 200-alert delivery is one decision on the correlation, not 200. Answers the incident of
 * each firing, in the order given. {@code candidate} and {@code foundClosed} as in {@link CorrelateFiring}.
 */
public record CorrelateFirings(@TargetAggregateIdentifier AlertCorrelationId correlationId, List<Firing> firings,
                               IncidentId candidate, IncidentId foundClosed) {

    /** A firing: Alertmanager's fingerprint and the start the sender reported. */
    public record Firing(String fingerprint, Instant startsAt) {
        public Firing {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(startsAt, "startsAt");
        }
    }

    public CorrelateFirings {
        firings = List.copyOf(firings);
    }
}
