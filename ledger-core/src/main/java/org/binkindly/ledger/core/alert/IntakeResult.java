package org.binkindly.ledger.core.alert;

/** What the intake did with one alert of a delivery. */
public enum IntakeResult {
    /** A firing opened a new incident. */
    OPENED,
    /** A firing was attached to the open incident of its class and scope. */
    ATTACHED,
    /** The firing was on record already (a repeat, a re-sent group): nothing changed. */
    DUPLICATE,
    /** A resolution was recorded on the incident of its firing. */
    RESOLUTION_RECORDED,
    /** The resolution was on record already. */
    RESOLUTION_DUPLICATE,
    /** A resolution for which no incident exists; kept on the delivery. */
    RESOLUTION_UNMATCHED,
    /** The alert matrix has no route for it; kept and shown as unmapped. */
    UNMAPPED,
    /** A drill alert: proof of the route, no incident. */
    DRILL
}
