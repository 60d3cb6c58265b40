package org.binkindly.ledger.core.shared;

/** The runbook's severity levels; SEV1 is the most severe. */
public enum Severity {
    SEV1, SEV2, SEV3;

    public boolean isAbove(Severity other) {
        return ordinal() < other.ordinal();
    }

    public static Severity highest(Severity a, Severity b) {
        return a.isAbove(b) ? a : b;
    }
}
