package org.binkindly.ledger.projections.posture;

/** Every scope that is degraded, frozen or paused right now. */
public record ListScopePostures() {
}
