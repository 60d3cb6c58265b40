package org.binkindly.ledger.core.freshness;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The watch read a new active manifest for the scope (a publish happened since the last check). */
@Revision("1")
public record ActivePackObserved(PackFreshnessId freshnessId, String manifestId, Instant publishedAt) implements PackFreshnessEvent {
}
