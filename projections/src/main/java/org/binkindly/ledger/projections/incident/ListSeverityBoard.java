package org.binkindly.ledger.projections.incident;

/** Open incidents per scope, the scope with the most severe incident first. */
public record ListSeverityBoard() {
}
