package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** Rebinds started in [from, to), optionally for one scope and only drills or only real ones, against the rollback objective. */
public record ListRollbackReviews(Scope scope, Boolean drill, Instant from, Instant to, int limit) {
}
