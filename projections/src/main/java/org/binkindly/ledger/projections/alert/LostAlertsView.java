package org.binkindly.ledger.projections.alert;

import org.binkindly.ledger.core.alert.AlertDeliveryId;

import java.time.Instant;
import java.util.List;

/**
 * Alerts Alertmanager truncated from its deliveries: how many in all, and per delivery.
 *
 * @param totalLostAlerts how many alerts Alertmanager truncated from its deliveries in all
 * @param deliveries the deliveries that lost alerts, newest first
 */
public record LostAlertsView(long totalLostAlerts, List<Delivery> deliveries) {

    /**
     * @param deliveryId the delivery's id
     * @param receiver the Alertmanager receiver that sent it
     * @param groupKey Alertmanager's group key of the delivery
     * @param lostAlerts how many alerts it left out (Alertmanager's truncatedAlerts)
     * @param receivedAt when it arrived (UTC instant, ISO 8601)
     */
    public record Delivery(AlertDeliveryId deliveryId, String receiver, String groupKey, int lostAlerts, Instant receivedAt) {
    }
}
