package org.binkindly.ledger.core.shared;

/** Guards for the free-text facts operators record: present, and bounded so one entry cannot swamp the log. */
public final class Texts {

    public static final int MAX_LENGTH = 4000;

    private Texts() {
    }

    public static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new LedgerRuleViolation(RuleCode.TEXT_REQUIRED, "%s is required".formatted(what));
        }
        return bounded(value.strip(), what);
    }

    public static String optional(String value, String what) {
        return value == null || value.isBlank() ? null : bounded(value.strip(), what);
    }

    /** For text the ledger itself composes from outside answers: cut to the bound rather than refused. */
    public static String clipped(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.length() <= MAX_LENGTH ? stripped : stripped.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static String bounded(String value, String what) {
        if (value.length() > MAX_LENGTH) {
            throw new LedgerRuleViolation(RuleCode.TEXT_TOO_LONG,
                    "%s is %d characters; at most %d are kept".formatted(what, value.length(), MAX_LENGTH));
        }
        return value;
    }
}
