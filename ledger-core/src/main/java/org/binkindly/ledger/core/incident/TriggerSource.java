package org.binkindly.ledger.core.incident;

import java.util.Objects;

/** What raised the incident: an alert (named in {@code detail}) or a person's report. */
public record TriggerSource(Kind kind, String detail) {

    public enum Kind { ALERT, MANUAL }

    public TriggerSource {
        Objects.requireNonNull(kind, "kind");
    }
}
