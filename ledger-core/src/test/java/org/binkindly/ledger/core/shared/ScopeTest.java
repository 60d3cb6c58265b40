package org.binkindly.ledger.core.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void parsesKindAndId() {
        Scope scope = Scope.parse("locality/se-stockholm");

        assertThat(scope.kind()).isEqualTo(ScopeKind.LOCALITY);
        assertThat(scope.id()).isEqualTo("se-stockholm");
        assertThat(scope).isEqualTo(Scope.of(ScopeKind.LOCALITY, "se-stockholm"));
    }

    @Test
    void printsAsKindSlashId() {
        assertThat(Scope.of(ScopeKind.LOCALITY, "se-stockholm")).hasToString("locality/se-stockholm");
    }

    @ParameterizedTest
    @CsvSource({
            "locality/se-stockholm, LOCALITY, se-stockholm",
            "country/se, COUNTRY, se",
            "baseline/global, BASELINE, global",
            "pipeline/publish_v2.1, PIPELINE, publish_v2.1",
            "locality/0, LOCALITY, 0"})
    void everyKindParsesAndPrintsBack(String text, ScopeKind kind, String id) {
        Scope scope = Scope.parse(text);

        assertThat(scope).isEqualTo(new Scope(kind, id));
        assertThat(scope.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Locality/se-stockholm", "LOCALITY/se-stockholm", "city/se-stockholm", "/se-stockholm",
            " locality/se-stockholm"})
    void unknownKindsAreRefused(String text) {
        assertThatThrownBy(() -> Scope.parse(text))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.INVALID_SCOPE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"locality/", "locality/Se-Stockholm", "locality/-se", "locality/.hidden", "locality/_x",
            "locality/se stockholm", "locality/se/stockholm", "locality/se-stockholm ", "locality/göteborg",
            "locality/se%2Fstockholm"})
    void invalidIdsAreRefused(String text) {
        assertThatThrownBy(() -> Scope.parse(text))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.INVALID_SCOPE));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"locality", "se-stockholm", "locality:se-stockholm"})
    void textWithoutKindSlashIdIsRefused(String text) {
        assertThatThrownBy(() -> Scope.parse(text))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.INVALID_SCOPE));
    }

    @Test
    void idsAreAtMost63Characters() {
        String longest = "a".repeat(63);

        assertThat(Scope.parse("country/" + longest).id()).isEqualTo(longest);
        assertThatThrownBy(() -> Scope.parse("country/" + longest + "a"))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.INVALID_SCOPE));
    }

    @Test
    void constructingWithAnInvalidIdIsRefusedToo() {
        assertThatThrownBy(() -> Scope.of(ScopeKind.COUNTRY, null))
                .isInstanceOfSatisfying(LedgerRuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(RuleCode.INVALID_SCOPE));
    }

    @Test
    void jsonIsTheWrittenForm() throws Exception {
        Scope scope = Scope.parse("locality/se-stockholm");

        assertThat(json.writeValueAsString(scope)).isEqualTo("\"locality/se-stockholm\"");
        assertThat(json.readValue("\"locality/se-stockholm\"", Scope.class)).isEqualTo(scope);
    }

    @Test
    void invalidJsonScopeIsRefusedWithTheRuleCode() {
        assertThatThrownBy(() -> json.readValue("\"city/se-stockholm\"", Scope.class))
                .hasRootCauseInstanceOf(LedgerRuleViolation.class)
                .rootCause()
                .satisfies(cause -> assertThat(((LedgerRuleViolation) cause).code()).isEqualTo(RuleCode.INVALID_SCOPE));
    }

    @Test
    void aLocalityLiesInTheCountryItsIdStartsWith() {
        assertThat(Scope.parse("locality/se-stockholm").enclosing())
                .containsExactly(Scope.parse("country/se"));
        assertThat(Scope.parse("locality/sample").enclosing()).isEmpty();
        assertThat(Scope.parse("country/se").enclosing()).isEmpty();
        assertThat(Scope.parse("pipeline/main-lane").enclosing()).isEmpty();
    }
}
