package org.binkindly.ledger.core.rebind;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RandomIds;
import org.binkindly.ledger.core.shared.RuleCode;

import java.util.regex.Pattern;

/** Identifies one manifest rebind, e.g. {@code rb-3f9a1c2b7d4e}. */
public record RebindId(String value) {

    private static final Pattern FORMAT = Pattern.compile("rb-[0-9a-f]{12}");

    public RebindId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new LedgerRuleViolation(RuleCode.REBIND_NOT_FOUND, "'%s' is not a rebind id (rb- and 12 hex digits)".formatted(value));
        }
    }

    public static RebindId generate() {
        return new RebindId("rb-" + RandomIds.hex(6));
    }

    @JsonCreator
    public static RebindId of(String value) {
        return new RebindId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
