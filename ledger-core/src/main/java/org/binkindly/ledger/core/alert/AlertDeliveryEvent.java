package org.binkindly.ledger.core.alert;

/** Every fact recorded about a delivery from the alerting system. */
public sealed interface AlertDeliveryEvent permits AlertDeliveryReceived, AlertDeliveryRecorded, AlertsLost, UnmappedAlertKept {

    AlertDeliveryId deliveryId();
}
