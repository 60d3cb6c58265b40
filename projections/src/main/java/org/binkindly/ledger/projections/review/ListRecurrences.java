package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** Incidents detected in [from, to) that were flagged as recurrences, grouped by class and scope. */
public record ListRecurrences(Scope scope, Instant from, Instant to) {
}
