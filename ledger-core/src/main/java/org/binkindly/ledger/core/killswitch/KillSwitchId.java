package org.binkindly.ledger.core.killswitch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Identifies one kill-switch activation, e.g. {@code ks-3f9a1c2b7d4e}. */
public record KillSwitchId(String value) {

    private static final Pattern FORMAT = Pattern.compile("ks-[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public KillSwitchId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new LedgerRuleViolation(RuleCode.KILL_SWITCH_NOT_FOUND,
                    "'%s' is not a kill-switch id (ks- and 12 hex digits)".formatted(value));
        }
    }

    public static KillSwitchId generate() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return new KillSwitchId("ks-" + HexFormat.of().formatHex(bytes));
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
