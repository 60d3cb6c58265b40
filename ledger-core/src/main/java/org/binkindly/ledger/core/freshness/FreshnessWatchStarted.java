package org.binkindly.ledger.core.freshness;

import org.axonframework.serialization.Revision;

/** The stale-pack watch began checking the scope against this threshold: stale-pack alerting is present for it. */
@Revision("1")
public record FreshnessWatchStarted(PackFreshnessId freshnessId, long thresholdSeconds) implements PackFreshnessEvent {
}
