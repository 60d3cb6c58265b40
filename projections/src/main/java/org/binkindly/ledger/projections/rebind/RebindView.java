package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.rebind.RebindState;

/** A rebind as a reviewer reads it: the fold itself, plus its version for ETags. */
public record RebindView(RebindState rebind, long version) {
}
