package org.binkindly.ledger.projections.support;

import java.time.Instant;

/** Who recorded a fact, and when the ledger recorded it: as the views show it. */
public record Provenance(String actor, Instant recordedAt) {
}
