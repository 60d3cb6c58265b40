package org.binkindly.ledger.core.freshness;

import org.axonframework.serialization.Revision;

/** The declared freshness threshold of the scope changed. */
@Revision("1")
public record FreshnessThresholdChanged(PackFreshnessId freshnessId, long fromSeconds, long toSeconds) implements PackFreshnessEvent {
}
