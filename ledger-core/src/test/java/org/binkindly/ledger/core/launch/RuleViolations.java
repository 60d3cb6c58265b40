package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.List;

/** Matches a {@link LedgerRuleViolation} by its stable code (and, where given, its exact missing list). */
final class RuleViolations {

    private RuleViolations() {
    }

    static Matcher<LedgerRuleViolation> violation(RuleCode code) {
        return new ViolationMatcher(code, null);
    }

    static Matcher<LedgerRuleViolation> violation(RuleCode code, List<String> missing) {
        return new ViolationMatcher(code, missing);
    }

    private static final class ViolationMatcher extends TypeSafeMatcher<LedgerRuleViolation> {

        private final RuleCode code;
        private final List<String> missing;

        private ViolationMatcher(RuleCode code, List<String> missing) {
            this.code = code;
            this.missing = missing;
        }

        @Override
        protected boolean matchesSafely(LedgerRuleViolation violation) {
            return violation.code() == code && (missing == null || missing.equals(violation.missing()));
        }

        @Override
        public void describeTo(Description description) {
            description.appendText("LedgerRuleViolation with code ").appendValue(code);
            if (missing != null) {
                description.appendText(" and missing ").appendValue(missing);
            }
        }

        @Override
        protected void describeMismatchSafely(LedgerRuleViolation violation, Description description) {
            description.appendText("was code ").appendValue(violation.code())
                    .appendText(" with missing ").appendValue(violation.missing())
                    .appendText(": ").appendText(violation.getMessage());
        }
    }
}
