package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RandomIds;
import org.binkindly.ledger.core.shared.RuleCode;

import java.util.regex.Pattern;

/** Identifies an incident; short enough to read out on a call, e.g. {@code inc-3f9a1c2b7d4e}. */
public record IncidentId(String value) {

    private static final Pattern FORMAT = Pattern.compile("inc-[0-9a-f]{12}");

    public IncidentId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new LedgerRuleViolation(RuleCode.INCIDENT_NOT_FOUND, "'%s' is not an incident id (inc- and 12 hex digits)".formatted(value));
        }
    }

    public static IncidentId generate() {
        return new IncidentId("inc-" + RandomIds.hex(6));
    }

    @JsonCreator
    public static IncidentId of(String value) {
        return new IncidentId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
