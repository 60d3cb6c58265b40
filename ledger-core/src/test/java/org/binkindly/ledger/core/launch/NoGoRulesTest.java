package org.binkindly.ledger.core.launch;

import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NoGoRulesTest {

    static final Scope SCOPE = Scope.parse("locality/se-stockholm");
    static final String BUILD = "2.4.0+311";
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final Duration RECENCY = Duration.ofDays(90);

    /** Every fact the five rules need, for {@link #BUILD}, all seen at {@code at}. */
    static List<NoGoFact> allClear(Instant at) {
        return List.of(
                new NoGoFact(NoGoFact.Kind.ROLLBACK_DRILL, null, "drill rebind rb-aaaaaaaaaaaa met both objectives", at),
                new NoGoFact(NoGoFact.Kind.KILL_SWITCH_DRILL, "AI_LANE", "AI_LANE kill switch drilled", at),
                new NoGoFact(NoGoFact.Kind.KILL_SWITCH_DRILL, "BAD_PACK", "BAD_PACK kill switch drilled", at),
                new NoGoFact(NoGoFact.Kind.STALE_PACK_WATCH, null, "the stale-pack watch reads the scope", at),
                new NoGoFact(NoGoFact.Kind.STALE_PACK_ALERT, null, "drill alert StalePack received", at),
                new NoGoFact(NoGoFact.Kind.PUBLISH_FAILURE_ALERT, null, "live alert PublishBlocked received", at),
                new NoGoFact(NoGoFact.Kind.LAUNCH_VALIDATED, BUILD, "launch-day validation of build " + BUILD + " complete", at));
    }

    static List<NoGoFact> without(List<NoGoFact> facts, NoGoFact.Kind kind, String subject) {
        List<NoGoFact> kept = new ArrayList<>(facts);
        kept.removeIf(fact -> fact.kind() == kind && java.util.Objects.equals(fact.subject(), subject));
        return kept;
    }

    private static List<NoGoRule> blocking(List<NoGoFact> facts, String appBuild, Instant asOf) {
        return NoGoGate.blocking(NoGoRules.evaluate(SCOPE, appBuild, facts, asOf, RECENCY));
    }

    private static NoGoFinding finding(List<NoGoFact> facts, String appBuild, Instant asOf, NoGoRule rule) {
        return NoGoRules.evaluate(SCOPE, appBuild, facts, asOf, RECENCY).stream()
                .filter(finding -> finding.rule() == rule).findFirst().orElseThrow();
    }

    @Test
    void allFactsPresentClearEveryRuleForALaunchAndAnExpansionAndCiteTheEvidence() {
        List<NoGoFinding> findings = NoGoRules.evaluate(SCOPE, BUILD, allClear(T0), T0.plusSeconds(60), RECENCY);

        assertThat(findings).extracting(NoGoFinding::rule).containsExactly(NoGoRule.values());
        assertThat(findings).allMatch(NoGoFinding::passed).allMatch(finding -> finding.missing().isEmpty());
        assertThat(findings.get(0).evidence()).containsExactly("drill rebind rb-aaaaaaaaaaaa met both objectives (" + T0 + ")");
        assertThat(blocking(allClear(T0), null, T0)).isEmpty();
    }

    @Test
    void noFactsBlockEveryRuleWithWhatIsMissing() {
        assertThat(blocking(List.of(), BUILD, T0)).containsExactly(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN,
                NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED, NoGoRule.STALE_PACK_ALERTING_PRESENT,
                NoGoRule.PUBLISH_FAILURES_ROUTED, NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION);
        assertThat(finding(List.of(), BUILD, T0, NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED).missing()).hasSize(2);
        assertThat(finding(List.of(), BUILD, T0, NoGoRule.STALE_PACK_ALERTING_PRESENT).missing()).hasSize(2);
        assertThat(finding(List.of(), BUILD, T0, NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION).missing().get(0)).contains("build " + BUILD);
    }

    @Test
    void anOpenSev1OrSev2IncidentHaltsLaunchAndExpansionNamingIt() {
        List<NoGoFact> facts = new ArrayList<>(allClear(T0));
        facts.add(new NoGoFact(NoGoFact.Kind.OPEN_INCIDENT, "SEV3", "SEV3 FALLBACK_SPIKE incident inc-333333333333 open", T0));
        assertThat(blocking(facts, BUILD, T0)).as("a SEV3 does not halt").isEmpty();

        facts.add(new NoGoFact(NoGoFact.Kind.OPEN_INCIDENT, "SEV2", "SEV2 STALE_PACK incident inc-222222222222 open on country/se", T0));
        facts.add(new NoGoFact(NoGoFact.Kind.OPEN_INCIDENT, "SEV1", "SEV1 BAD_PUBLISH incident inc-111111111111 open", T0.plusSeconds(1)));
        assertThat(blocking(facts, BUILD, T0)).containsExactly(NoGoRule.NO_OPEN_INCIDENT_HALTS_EXPANSION);
        assertThat(blocking(facts, null, T0)).containsExactly(NoGoRule.NO_OPEN_INCIDENT_HALTS_EXPANSION);
        NoGoFinding halt = finding(facts, null, T0, NoGoRule.NO_OPEN_INCIDENT_HALTS_EXPANSION);
        assertThat(halt.missing()).hasSize(2);
        assertThat(halt.missing().get(0)).contains("inc-222222222222").contains("country/se");
        assertThat(halt.missing().get(1)).contains("inc-111111111111");
    }

    @Test
    void anIncidentConcernsItsScopeTheLocalitiesOfItsCountryAndForAPipelineEveryScope() {
        assertThat(NoGoRules.concerns(SCOPE, SCOPE)).isTrue();
        assertThat(NoGoRules.concerns(Scope.parse("country/se"), SCOPE)).isTrue();
        assertThat(NoGoRules.concerns(Scope.parse("pipeline/main"), SCOPE)).isTrue();
        assertThat(NoGoRules.concerns(Scope.parse("country/no"), SCOPE)).isFalse();
        assertThat(NoGoRules.concerns(Scope.parse("locality/se-malmo"), SCOPE)).as("a sibling locality").isFalse();
        assertThat(NoGoRules.concerns(SCOPE, Scope.parse("country/se"))).as("a locality's trouble is not its country's").isFalse();
        assertThat(NoGoRules.concerns(Scope.parse("baseline/global"), SCOPE)).isFalse();
    }

    @Test
    void rollbackBlocksWithoutADrillAndOnceTheDrillIsOlderThanTheRecency() {
        assertThat(blocking(without(allClear(T0), NoGoFact.Kind.ROLLBACK_DRILL, null), BUILD, T0))
                .containsExactly(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN);
        assertThat(blocking(allClear(T0), BUILD, T0.plus(RECENCY))).isEmpty();

        NoGoFinding aged = finding(allClear(T0), BUILD, T0.plus(RECENCY).plusSeconds(1), NoGoRule.ROLLBACK_OBJECTIVE_PROVEN);
        assertThat(aged.passed()).isFalse();
        assertThat(aged.evidence().get(0)).startsWith("too old:");
        assertThat(aged.missing().get(0)).contains(SCOPE.toString()).contains("since " + T0.plusSeconds(1));
    }

    @Test
    void killSwitchesBlockWhileOneKindWasNotDrilled() {
        List<NoGoFact> facts = without(allClear(T0), NoGoFact.Kind.KILL_SWITCH_DRILL, "BAD_PACK");

        assertThat(blocking(facts, BUILD, T0)).containsExactly(NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED);
        assertThat(finding(facts, BUILD, T0, NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED).missing())
                .containsExactly("a drill activation of the BAD_PACK kill switch for the scope");
    }

    @Test
    void stalePackAlertingBlocksWithoutTheWatchOrWithoutAnAlert() {
        assertThat(blocking(without(allClear(T0), NoGoFact.Kind.STALE_PACK_WATCH, null), BUILD, T0))
                .containsExactly(NoGoRule.STALE_PACK_ALERTING_PRESENT);
        assertThat(blocking(without(allClear(T0), NoGoFact.Kind.STALE_PACK_ALERT, null), BUILD, T0))
                .containsExactly(NoGoRule.STALE_PACK_ALERTING_PRESENT);
    }

    @Test
    void publishFailuresBlockWithoutARoutedAlert() {
        assertThat(blocking(without(allClear(T0), NoGoFact.Kind.PUBLISH_FAILURE_ALERT, null), BUILD, T0))
                .containsExactly(NoGoRule.PUBLISH_FAILURES_ROUTED);
    }

    @Test
    void aLaunchNeedsItsOwnBuildValidatedAndAnExpansionAnyBuild() {
        assertThat(blocking(allClear(T0), "2.5.0", T0)).containsExactly(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION);
        List<NoGoFact> none = without(allClear(T0), NoGoFact.Kind.LAUNCH_VALIDATED, BUILD);
        assertThat(blocking(none, BUILD, T0)).containsExactly(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION);
        assertThat(blocking(none, null, T0)).containsExactly(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION);
        assertThat(finding(none, null, T0, NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION).missing())
                .containsExactly("a completed launch-day validation of any build for the scope");
    }

    @Test
    void theNewestFactOfAKindCounts() {
        List<NoGoFact> facts = new ArrayList<>(allClear(T0));
        facts.add(new NoGoFact(NoGoFact.Kind.ROLLBACK_DRILL, null, "an older drill", T0.minus(Duration.ofDays(200))));

        assertThat(finding(facts, BUILD, T0, NoGoRule.ROLLBACK_OBJECTIVE_PROVEN).passed()).isTrue();
    }
}
