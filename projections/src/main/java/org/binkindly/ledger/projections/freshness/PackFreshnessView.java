package org.binkindly.ledger.projections.freshness;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Duration;
import java.time.Instant;

/** A watched scope: its threshold, the active manifest last read, its age now, and whether it is in a stale-pack breach. */
public record PackFreshnessView(Scope scope, Duration threshold, String manifestId, Instant publishedAt, Long ageSeconds,
                                boolean stale, Instant staleSince, String unreadableReason, Instant watchedSince,
                                int breaches) {
}
