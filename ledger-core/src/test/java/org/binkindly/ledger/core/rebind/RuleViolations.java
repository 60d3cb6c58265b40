package org.binkindly.ledger.core.rebind;

import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link LedgerRuleViolation} by its stable code, so a rejection for another reason does not pass. */
final class RuleViolations {

    private RuleViolations() {
    }

    static Matcher<LedgerRuleViolation> violation(RuleCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(LedgerRuleViolation violation) {
                return violation.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("LedgerRuleViolation with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(LedgerRuleViolation violation, Description description) {
                description.appendText("was code ").appendValue(violation.code()).appendText(": ")
                        .appendText(violation.getMessage());
            }
        };
    }
}
