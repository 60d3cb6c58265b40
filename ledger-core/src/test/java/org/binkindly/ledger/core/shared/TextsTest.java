package org.binkindly.ledger.core.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextsTest {

    @Test
    void requiredTextIsKeptWithoutSurroundingWhitespace() {
        assertThat(Texts.required("  canary readback failed \n", "observation")).isEqualTo("canary readback failed");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n", "\u2003"})
    void missingRequiredTextIsRefusedNamingWhatIsMissing(String blank) {
        assertThatThrownBy(() -> Texts.required(blank, "observation"))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.TEXT_REQUIRED))
                .hasMessage("observation is required");
    }

    @Test
    void textUpToTheLimitIsKept() {
        String longest = "x".repeat(Texts.MAX_LENGTH);

        assertThat(Texts.required(longest, "evidence")).isEqualTo(longest);
        assertThat(Texts.required("  " + longest + "  ", "evidence")).isEqualTo(longest);
    }

    @Test
    void textOverTheLimitIsRefused() {
        assertThatThrownBy(() -> Texts.required("x".repeat(Texts.MAX_LENGTH + 1), "evidence"))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.TEXT_TOO_LONG));
        assertThatThrownBy(() -> Texts.optional("x".repeat(Texts.MAX_LENGTH + 1), "reference"))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.TEXT_TOO_LONG));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void blankOptionalTextIsAbsent(String blank) {
        assertThat(Texts.optional(blank, "reference")).isNull();
    }

    @Test
    void optionalTextIsKeptWithoutSurroundingWhitespace() {
        assertThat(Texts.optional(" rebind-7f3a ", "reference")).isEqualTo("rebind-7f3a");
    }
}
