package org.binkindly.ledger.projections.alert;

/** Alerts lost to truncation, with the latest deliveries that lost some. */
public record ListLostAlerts(int limit) {
}
