package org.binkindly.ledger.core.freshness;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A fresh publish brought the scope back within its threshold, ending the breach that began at {@code staleSince}. */
@Revision("1")
public record PackFreshAgain(PackFreshnessId freshnessId, String manifestId, Instant publishedAt, Instant staleSince,
                             Instant checkedAt) implements PackFreshnessEvent {
}
