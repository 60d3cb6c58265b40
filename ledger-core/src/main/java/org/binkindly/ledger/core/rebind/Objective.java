package org.binkindly.ledger.core.rebind;

import java.time.Duration;

/** The runbook's rollback objective: safe active manifest within 15 minutes, integrity confirmed within 30. */
public enum Objective {
    RESTORE(Duration.ofMinutes(15)),
    INTEGRITY(Duration.ofMinutes(30));

    private final Duration within;

    Objective(Duration within) {
        this.within = within;
    }

    public Duration within() {
        return within;
    }

    /** The deadline's name in the deadline manager. */
    public String deadlineName() {
        return "rebind-" + name().toLowerCase() + "-objective";
    }
}
