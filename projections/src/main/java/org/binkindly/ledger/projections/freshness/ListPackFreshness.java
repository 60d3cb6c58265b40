package org.binkindly.ledger.projections.freshness;

import java.time.Instant;

/** Every watched scope's freshness, with ages as of {@code asOf}. */
public record ListPackFreshness(Instant asOf) {
}
