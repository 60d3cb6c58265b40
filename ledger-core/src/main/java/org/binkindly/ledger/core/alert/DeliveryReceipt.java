package org.binkindly.ledger.core.alert;

/** What receiving a delivery came to. */
public enum DeliveryReceipt {
    /** New: now on record, its alerts to be routed. */
    RECEIVED,
    /** On record already, its alerts not all routed yet (Alertmanager re-sent it before routing finished). */
    ROUTING,
    /** On record already and routed: the outcomes are on record. */
    ROUTED
}
