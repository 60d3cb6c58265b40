package org.binkindly.ledger.projections.alert;

/** The latest deliveries from the alerting system, newest first. */
public record ListAlertDeliveries(int limit) {
}
