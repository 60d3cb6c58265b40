package org.binkindly.ledger.core.launch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RandomIds;
import org.binkindly.ledger.core.shared.RuleCode;

import java.util.regex.Pattern;

/** Identifies one expansion of a scope, e.g. {@code exp-3f9a1c2b7d4e}. */
public record ExpansionId(String value) {

    private static final Pattern FORMAT = Pattern.compile("exp-[0-9a-f]{12}");

    public ExpansionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new LedgerRuleViolation(RuleCode.LAUNCH_NOT_FOUND, "'%s' is not an expansion id (exp- and 12 hex digits)".formatted(value));
        }
    }

    public static ExpansionId generate() {
        return new ExpansionId("exp-" + RandomIds.hex(6));
    }

    @JsonCreator
    public static ExpansionId of(String value) {
        return new ExpansionId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
