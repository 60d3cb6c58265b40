package org.binkindly.ledger.projections.posture;

import org.binkindly.ledger.core.shared.Scope;

/** A scope's posture: degraded, graduation frozen, publish paused, and why. */
public record FindScopePosture(Scope scope) {
}
