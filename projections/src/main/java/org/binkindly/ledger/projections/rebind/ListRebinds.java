package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.shared.Scope;

/** Rebinds, newest first, optionally for one scope; {@code limit} bounds the answer. */
public record ListRebinds(Scope scope, int limit) {
}
