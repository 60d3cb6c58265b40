package org.binkindly.ledger.projections.launch;

import org.binkindly.ledger.core.shared.Scope;

/** The launch-day validations of a scope, one per app build, in app-build order. */
public record ListLaunches(Scope scope) {
}
