package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.shared.Scope;

/** The completed expansions of a scope, newest first. */
public record ListExpansions(Scope scope) {
}
