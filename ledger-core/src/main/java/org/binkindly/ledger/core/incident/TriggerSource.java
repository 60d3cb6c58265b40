package org.binkindly.ledger.core.incident;

import java.util.Objects;

/**
 * What raised the incident: an alert (named in {@code detail}) or a person's report.
 *
 * @param kind ALERT for an alert, MANUAL for a person's report
 * @param detail the alert's name, or who reported what and where
 */
public record TriggerSource(Kind kind, String detail) {

    public enum Kind { ALERT, MANUAL }

    public TriggerSource {
        Objects.requireNonNull(kind, "kind");
    }
}
