package org.binkindly.ledger.projections.rebind;

import org.binkindly.ledger.core.shared.Scope;

/** The active and last-known-good manifest of a scope as the ledger last saw or wrote them. */
public record FindActiveManifest(Scope scope) {
}
