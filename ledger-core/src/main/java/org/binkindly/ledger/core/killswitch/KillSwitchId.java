package org.binkindly.ledger.core.killswitch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RandomIds;
import org.binkindly.ledger.core.shared.RuleCode;

import java.util.regex.Pattern;

/** Identifies one kill-switch activation, e.g. {@code ks-3f9a1c2b7d4e}. */
public record KillSwitchId(String value) {

    private static final Pattern FORMAT = Pattern.compile("ks-[0-9a-f]{12}");

    public KillSwitchId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new LedgerRuleViolation(RuleCode.KILL_SWITCH_NOT_FOUND,
                    "'%s' is not a kill-switch id (ks- and 12 hex digits)".formatted(value));
        }
    }

    public static KillSwitchId generate() {
        return new KillSwitchId("ks-" + RandomIds.hex(6));
    }

    @JsonCreator
    public static KillSwitchId of(String value) {
        return new KillSwitchId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
