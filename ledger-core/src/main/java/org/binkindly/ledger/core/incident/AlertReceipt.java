package org.binkindly.ledger.core.incident;

/** What receiving an alert did to an incident. */
public enum AlertReceipt {
    /** The alert opened the incident. */
    OPENED,
    /** The alert was attached to the incident, which was open already. */
    ATTACHED,
    /** The incident had this firing (or this resolution) on record already: nothing changed. */
    ALREADY_RECORDED,
    /** The resolution was recorded on the incident. */
    RESOLUTION_RECORDED,
    /** The incident never received the firing this resolution ends: nothing was recorded on it. */
    RESOLUTION_UNMATCHED,
    /** A new firing for an incident that is closed (answered by a batch only): nothing was recorded on it. */
    INCIDENT_CLOSED
}
