package org.binkindly.ledger.projections.alert;

/** The latest unmapped alerts, newest first. */
public record ListUnmappedAlerts(int limit) {
}
