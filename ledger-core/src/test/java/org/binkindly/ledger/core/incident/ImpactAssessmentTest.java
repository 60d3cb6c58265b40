package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binkindly.ledger.core.incident.ImpactFact.ACTIVE_TRUTH_WRONG_FOR_USERS;
import static org.binkindly.ledger.core.incident.ImpactFact.CRITICAL_SCOPE_STALE_PACK_BREACH;
import static org.binkindly.ledger.core.incident.ImpactFact.EARLY_WARNING_THRESHOLD_CROSSED;
import static org.binkindly.ledger.core.incident.ImpactFact.FALLBACK_PATH_SPIKING;
import static org.binkindly.ledger.core.incident.ImpactFact.MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE;
import static org.binkindly.ledger.core.incident.ImpactFact.NON_CRITICAL_SCOPE_DEGRADED;
import static org.binkindly.ledger.core.incident.ImpactFact.REFRESH_PIPELINE_DEGRADED;
import static org.binkindly.ledger.core.incident.ImpactFact.ROLLBACK_PATH_FAILING;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.NO;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.UNKNOWN;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.YES;
import static org.binkindly.ledger.core.shared.Severity.SEV1;
import static org.binkindly.ledger.core.shared.Severity.SEV2;
import static org.binkindly.ledger.core.shared.Severity.SEV3;

class ImpactAssessmentTest {

    private final ObjectMapper json = new ObjectMapper();

    /** Every fact denied except the ones stated otherwise. */
    private static ImpactAssessment allNoExcept(Map<ImpactFact, ImpactFact.Value> overrides) {
        Map<ImpactFact, ImpactFact.Value> stated = new EnumMap<>(ImpactFact.class);
        for (ImpactFact fact : ImpactFact.values()) {
            stated.put(fact, NO);
        }
        stated.putAll(overrides);
        return ImpactAssessment.of(stated);
    }

    @Test
    void nothingKnownDerivesSev1AndSaysWhy() {
        ImpactAssessment impact = ImpactAssessment.nothingKnown();

        assertThat(impact.derivedSeverity()).isEqualTo(SEV1);
        assertThat(impact.reasons()).containsExactly(
                "ACTIVE_TRUTH_WRONG_FOR_USERS is not known, so counts as true",
                "ROLLBACK_PATH_FAILING is not known, so counts as true",
                "MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE is not known, so counts as true");
    }

    @ParameterizedTest
    @EnumSource(value = ImpactFact.class, names = {"ACTIVE_TRUTH_WRONG_FOR_USERS", "ROLLBACK_PATH_FAILING",
            "MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE"})
    void anySev1FactTrueDerivesSev1(ImpactFact fact) {
        ImpactAssessment impact = allNoExcept(Map.of(fact, YES));

        assertThat(impact.derivedSeverity()).isEqualTo(SEV1);
        assertThat(impact.reasons()).containsExactly(fact.name() + " is stated");
    }

    @ParameterizedTest
    @EnumSource(value = ImpactFact.class, names = {"ACTIVE_TRUTH_WRONG_FOR_USERS", "ROLLBACK_PATH_FAILING",
            "MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE"})
    void anySev1FactUnknownDerivesSev1(ImpactFact fact) {
        assertThat(allNoExcept(Map.of(fact, UNKNOWN)).derivedSeverity()).isEqualTo(SEV1);
    }

    @ParameterizedTest
    @EnumSource(value = ImpactFact.class, names = {"REFRESH_PIPELINE_DEGRADED", "CRITICAL_SCOPE_STALE_PACK_BREACH",
            "FALLBACK_PATH_SPIKING"})
    void allSev1FactsNoAndASev2FactYesDeriveSev2(ImpactFact fact) {
        ImpactAssessment impact = allNoExcept(Map.of(fact, YES));

        assertThat(impact.derivedSeverity()).isEqualTo(SEV2);
        assertThat(impact.reasons()).containsExactly(fact.name() + " is stated");
    }

    @Test
    void sev2FactsLeftUnknownDeriveSev2() {
        ImpactAssessment impact = ImpactAssessment.of(Map.of(
                ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO));

        assertThat(impact.derivedSeverity()).isEqualTo(SEV2);
        assertThat(impact.reasons()).hasSize(3).allMatch(reason -> reason.endsWith("is not known, so counts as true"));
    }

    @Test
    void allSev1AndSev2FactsNoDeriveSev3() {
        ImpactAssessment impact = allNoExcept(Map.of(NON_CRITICAL_SCOPE_DEGRADED, YES, EARLY_WARNING_THRESHOLD_CROSSED, UNKNOWN));

        assertThat(impact.derivedSeverity()).isEqualTo(SEV3);
        assertThat(impact.reasons()).containsExactly(
                "NON_CRITICAL_SCOPE_DEGRADED is stated",
                "EARLY_WARNING_THRESHOLD_CROSSED is not known, so counts as true");
    }

    @Test
    void everyFactDeniedIsStillSev3() {
        ImpactAssessment impact = allNoExcept(Map.of());

        assertThat(impact.derivedSeverity()).isEqualTo(SEV3);
        assertThat(impact.reasons()).isEmpty();
    }

    @Test
    void reasonsNameOnlyTheFactsAtTheDerivedLevel() {
        ImpactAssessment impact = allNoExcept(Map.of(ROLLBACK_PATH_FAILING, YES, REFRESH_PIPELINE_DEGRADED, YES,
                EARLY_WARNING_THRESHOLD_CROSSED, YES));

        assertThat(impact.reasons()).containsExactly("ROLLBACK_PATH_FAILING is stated");
    }

    @Test
    void statingUnknownIsTheSameAsStatingNothing() {
        Map<ImpactFact, ImpactFact.Value> stated = new HashMap<>();
        stated.put(FALLBACK_PATH_SPIKING, UNKNOWN);
        stated.put(CRITICAL_SCOPE_STALE_PACK_BREACH, null);
        stated.put(null, YES);

        ImpactAssessment impact = ImpactAssessment.of(stated);

        assertThat(impact).isEqualTo(ImpactAssessment.nothingKnown()).hasSameHashCodeAs(ImpactAssessment.nothingKnown());
        assertThat(impact.stated()).isEmpty();
        assertThat(impact.valueOf(FALLBACK_PATH_SPIKING)).isEqualTo(UNKNOWN);
        assertThat(ImpactAssessment.of(null)).isEqualTo(ImpactAssessment.nothingKnown());
    }

    @Test
    void differentStatementsAreNotEqual() {
        assertThat(ImpactAssessment.of(Map.of(REFRESH_PIPELINE_DEGRADED, YES)))
                .isNotEqualTo(ImpactAssessment.of(Map.of(REFRESH_PIPELINE_DEGRADED, NO)))
                .isNotEqualTo(ImpactAssessment.nothingKnown());
    }

    @Test
    void anAssessmentIsNotChangedByItsSourceMapOrItsReaders() {
        Map<ImpactFact, ImpactFact.Value> source = new HashMap<>(Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO));
        ImpactAssessment impact = ImpactAssessment.of(source);

        source.put(ROLLBACK_PATH_FAILING, YES);

        assertThat(impact.stated()).containsOnlyKeys(ACTIVE_TRUTH_WRONG_FOR_USERS);
        assertThatThrownBy(() -> impact.stated().put(ROLLBACK_PATH_FAILING, NO))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonIsThePlainMapOfStatedFacts() throws Exception {
        ImpactAssessment impact = ImpactAssessment.of(Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO, REFRESH_PIPELINE_DEGRADED, YES));

        String written = json.writeValueAsString(impact);

        assertThat(written).isEqualTo("{\"ACTIVE_TRUTH_WRONG_FOR_USERS\":\"NO\",\"REFRESH_PIPELINE_DEGRADED\":\"YES\"}");
        assertThat(json.readValue(written, ImpactAssessment.class)).isEqualTo(impact);
    }

    @Test
    void unknownInJsonIsDropped() throws Exception {
        ImpactAssessment read = json.readValue("{\"FALLBACK_PATH_SPIKING\":\"UNKNOWN\",\"ROLLBACK_PATH_FAILING\":\"NO\"}",
                ImpactAssessment.class);

        assertThat(read).isEqualTo(ImpactAssessment.of(Map.of(ROLLBACK_PATH_FAILING, NO)));
        assertThat(json.writeValueAsString(ImpactAssessment.nothingKnown())).isEqualTo("{}");
    }
}
