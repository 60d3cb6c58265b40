package org.binkindly.ledger.core.shared;

import java.util.List;
import java.util.Objects;

/**
 * A command broke one of the ledger's rules. The code is stable; the message is for people;
 * {@code missing} lists what would have to be recorded first, where that applies.
 */
public class LedgerRuleViolation extends RuntimeException {

    private final RuleCode code;
    private final List<String> missing;

    public LedgerRuleViolation(RuleCode code, String message) {
        this(code, message, List.of());
    }

    public LedgerRuleViolation(RuleCode code, String message, List<String> missing) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.missing = List.copyOf(missing);
    }

    public RuleCode code() {
        return code;
    }

    public List<String> missing() {
        return missing;
    }
}
