package org.binkindly.ledger.core.shared;

import java.util.Locale;

/** The kinds of scope a pack is published for, plus the pipeline as a whole. */
public enum ScopeKind {
    LOCALITY, COUNTRY, BASELINE, PIPELINE;

    public String pathSegment() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScopeKind fromPathSegment(String segment) {
        for (ScopeKind kind : values()) {
            if (kind.pathSegment().equals(segment)) {
                return kind;
            }
        }
        throw new LedgerRuleViolation(RuleCode.INVALID_SCOPE,
                "scope kind '%s' is not one of locality, country, baseline, pipeline".formatted(segment));
    }
}
