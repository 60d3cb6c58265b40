package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;

import java.time.Instant;
import java.util.List;

/** Alerts Alertmanager truncated from its deliveries: how many in all, and per delivery. */
public record LostAlertsView(long totalLostAlerts, List<Delivery> deliveries) {

    public record Delivery(AlertDeliveryId deliveryId, String receiver, String groupKey, int lostAlerts, Instant receivedAt) {
    }
}
