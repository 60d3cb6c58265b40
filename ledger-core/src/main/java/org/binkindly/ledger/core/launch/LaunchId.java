package org.binkindly.ledger.core.launch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies the launch of one app build for one scope, e.g. {@code launch:locality/se-stockholm@2.4.0+311}. */
public record LaunchId(Scope scope, String appBuild) {

    private static final String PREFIX = "launch:";
    private static final Pattern BUILD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    public LaunchId {
        Objects.requireNonNull(scope, "scope");
        if (appBuild == null || !BUILD.matcher(appBuild).matches()) {
            throw new LedgerRuleViolation(RuleCode.INVALID_APP_BUILD,
                    "app build '%s' must be 1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit"
                            .formatted(appBuild));
        }
    }

    @JsonCreator
    public static LaunchId parse(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.lastIndexOf('@') < 0) {
            throw new LedgerRuleViolation(RuleCode.LAUNCH_NOT_FOUND, "'%s' is not a launch id".formatted(value));
        }
        int at = value.lastIndexOf('@');
        return new LaunchId(Scope.parse(value.substring(PREFIX.length(), at)), value.substring(at + 1));
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + scope + "@" + appBuild;
    }
}
