package org.binkindly.ledger.core.freshness;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The scope's active manifest became older than its threshold at {@code staleSince}: a stale-pack breach. */
@Revision("1")
public record PackWentStale(PackFreshnessId freshnessId, String manifestId, Instant publishedAt, long thresholdSeconds,
                            Instant staleSince, Instant checkedAt) implements PackFreshnessEvent {
}
