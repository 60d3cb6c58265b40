package org.binkindly.ledger.projections.gate;

import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertDeliveryRecorded;
import org.binkindly.ledger.core.alert.AlertOutcome;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.freshness.FreshnessWatchStarted;
import org.binkindly.ledger.core.freshness.PackFreshnessId;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.launch.LaunchDayValidated;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.NoGoFact;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.NoGoRule;
import org.binkindly.ledger.core.launch.NoGoRules;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NoGoGateProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Scope SCOPE = Scope.parse("locality/se-stockholm");
    private static final Scope OTHER = Scope.parse("locality/se-malmo");
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Duration RECENCY = Duration.ofDays(90);

    private NoGoGateProjector projector;

    @BeforeEach
    void setUp() {
        projector = new NoGoGateProjector(database.jdbc());
    }

    /** The domain's rules judged on the facts this projection gathered, as the gate endpoint reads them. */
    private NoGoGateView gate(String appBuild, Instant asOf) {
        return NoGoGateView.of(SCOPE, appBuild, asOf, NoGoRules.evaluate(SCOPE, appBuild, projector.factsFor(SCOPE), asOf, RECENCY));
    }

    private static NoGoFinding finding(NoGoGateView view, NoGoRule rule) {
        return view.findings().stream().filter(finding -> finding.rule() == rule).findFirst().orElseThrow();
    }

    private void drillRebind(String id, Scope scope, boolean drill, boolean restoreMet, boolean integrityMet, Instant at) {
        RebindId rebindId = RebindId.of(id);
        projector.on(new RebindStarted(rebindId, scope, null, null, drill, RebindMode.AUTOMATIC, at, at.plusSeconds(900),
                at.plusSeconds(1800)));
        projector.on(new RebindCompleted(rebindId, at.plusSeconds(120), at.plusSeconds(240), 120, 240, restoreMet, integrityMet));
    }

    private void alert(Scope scope, IncidentClass incidentClass, IntakeResult result, Instant at) {
        projector.on(new AlertDeliveryRecorded(AlertDeliveryId.of("dlv-" + "0".repeat(32)), "ledger",
                "firing", "g", null, 0, List.of(new AlertOutcome("PublishBlocked", "fp", at, AlertStatus.FIRING, incidentClass, scope,
                result, result == IntakeResult.DRILL ? null : IncidentId.of("inc-111111111111"), null))), at);
    }

    @Test
    void aScopeWithNoEvidenceIsBlockedByEveryRuleWithWhatIsMissing() {
        NoGoGateView view = gate("2.4.0", T0);

        assertThat(view.clear()).isFalse();
        assertThat(view.blocking()).containsExactly(NoGoRule.ROLLBACK_OBJECTIVE_PROVEN, NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED,
                NoGoRule.STALE_PACK_ALERTING_PRESENT, NoGoRule.PUBLISH_FAILURES_ROUTED, NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION);
        assertThat(finding(view, NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED).missing()).hasSize(2);
        assertThat(finding(view, NoGoRule.STALE_PACK_ALERTING_PRESENT).missing()).hasSize(2);
        assertThat(finding(view, NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION).missing().get(0)).contains("build 2.4.0");
    }

    @Test
    void everyRulePassesOnceItsEvidenceIsInTheLog() {
        drillRebind("rb-aaaaaaaaaaaa", SCOPE, true, true, true, T0);
        projector.on(new KillSwitchActivated(KillSwitchId.of("ks-aaaaaaaaaaaa"), KillSwitchKind.AI_LANE, SCOPE, "drill", null, true, T0));
        projector.on(new KillSwitchActivated(KillSwitchId.of("ks-bbbbbbbbbbbb"), KillSwitchKind.BAD_PACK, SCOPE, "drill", null, true, T0));
        projector.on(new FreshnessWatchStarted(new PackFreshnessId(SCOPE), 36 * 3600), T0);
        alert(SCOPE, IncidentClass.STALE_PACK, IntakeResult.DRILL, T0);
        alert(SCOPE, IncidentClass.PUBLISH_FAILURE, IntakeResult.OPENED, T0);
        projector.on(new LaunchDayValidated(new LaunchId(SCOPE, "2.4.0")), T0);

        NoGoGateView view = gate("2.4.0", T0.plusSeconds(3600));

        assertThat(view.blocking()).isEmpty();
        assertThat(view.clear()).isTrue();
        assertThat(finding(view, NoGoRule.ROLLBACK_OBJECTIVE_PROVEN).evidence().get(0)).contains("rb-aaaaaaaaaaaa");
        // another build of the same scope is not validated by this one
        assertThat(gate("2.5.0", T0.plusSeconds(3600)).blocking()).containsExactly(NoGoRule.SCOPE_VALIDATED_IN_PRODUCTION);
        // an expansion needs the scope validated for any build
        assertThat(gate(null, T0.plusSeconds(3600)).clear()).isTrue();
    }

    @Test
    void onlyADrillThatMetBothObjectivesWithinTheRecencyProvesRollback() {
        drillRebind("rb-aaaaaaaaaaaa", SCOPE, false, true, true, T0);
        drillRebind("rb-bbbbbbbbbbbb", SCOPE, true, true, false, T0);
        drillRebind("rb-cccccccccccc", OTHER, true, true, true, T0);
        assertThat(finding(gate(null, T0.plusSeconds(60)), NoGoRule.ROLLBACK_OBJECTIVE_PROVEN).passed()).isFalse();

        drillRebind("rb-dddddddddddd", SCOPE, true, true, true, T0);
        assertThat(finding(gate(null, T0.plus(Duration.ofDays(89))), NoGoRule.ROLLBACK_OBJECTIVE_PROVEN).passed()).isTrue();
        NoGoFinding aged = finding(gate(null, T0.plus(Duration.ofDays(91))), NoGoRule.ROLLBACK_OBJECTIVE_PROVEN);
        assertThat(aged.passed()).isFalse();
        assertThat(aged.evidence().get(0)).startsWith("too old:");
    }

    @Test
    void aDrillOnAScopeAlreadyServingItsTargetIsNoProofOfARebind() {
        RebindId noOp = RebindId.of("rb-eeeeeeeeeeee");
        StoredManifest good = new StoredManifest("se-stockholm-v1", SCOPE, "packs/v1.json", "2b".repeat(32), T0, "1a".repeat(32), "\"e1\"");
        StoredManifest bad = new StoredManifest("se-stockholm-v2", SCOPE, "packs/v2.json", "4d".repeat(32), T0, "3c".repeat(32), "\"e2\"");
        projector.on(new RebindStarted(noOp, SCOPE, null, null, true, RebindMode.AUTOMATIC, T0, T0.plusSeconds(900), T0.plusSeconds(1800)));
        projector.on(new ManifestProbed(noOp, good, good));
        projector.on(new RebindCompleted(noOp, T0.plusSeconds(60), T0.plusSeconds(120), 60, 120, true, true));
        assertThat(finding(gate(null, T0.plusSeconds(600)), NoGoRule.ROLLBACK_OBJECTIVE_PROVEN).passed()).isFalse();

        RebindId real = RebindId.of("rb-ffffffffffff");
        projector.on(new RebindStarted(real, SCOPE, null, null, true, RebindMode.AUTOMATIC, T0, T0.plusSeconds(900), T0.plusSeconds(1800)));
        projector.on(new ManifestProbed(real, bad, good));
        projector.on(new RebindCompleted(real, T0.plusSeconds(60), T0.plusSeconds(120), 60, 120, true, true));
        assertThat(finding(gate(null, T0.plusSeconds(600)), NoGoRule.ROLLBACK_OBJECTIVE_PROVEN).passed()).isTrue();
    }

    @Test
    void liveActivationsResolvedAlertsAndOtherScopesDoNotCount() {
        projector.on(new KillSwitchActivated(KillSwitchId.of("ks-aaaaaaaaaaaa"), KillSwitchKind.AI_LANE, SCOPE, "real", null, false, T0));
        projector.on(new FreshnessWatchStarted(new PackFreshnessId(OTHER), 3600), T0);
        alert(OTHER, IncidentClass.PUBLISH_FAILURE, IntakeResult.OPENED, T0);
        alert(SCOPE, IncidentClass.STALE_PACK, IntakeResult.UNMAPPED, T0);

        NoGoGateView view = gate(null, T0);

        assertThat(finding(view, NoGoRule.KILL_SWITCHES_DEFINED_AND_DRILLED).passed()).isFalse();
        assertThat(finding(view, NoGoRule.STALE_PACK_ALERTING_PRESENT).passed()).isFalse();
        assertThat(finding(view, NoGoRule.PUBLISH_FAILURES_ROUTED).passed()).isFalse();
    }

    @Test
    void factsCarryTheirKindSubjectAndMomentNewestFirstForTheAskedScopeOnly() {
        projector.on(new KillSwitchActivated(KillSwitchId.of("ks-aaaaaaaaaaaa"), KillSwitchKind.AI_LANE, SCOPE, "drill", null, true, T0));
        projector.on(new LaunchDayValidated(new LaunchId(SCOPE, "2.4.0+311")), T0.plusSeconds(60));
        projector.on(new FreshnessWatchStarted(new PackFreshnessId(OTHER), 3600), T0);

        List<NoGoFact> facts = projector.factsFor(SCOPE);

        assertThat(facts).extracting(NoGoFact::kind, NoGoFact::subject, NoGoFact::seenAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(NoGoFact.Kind.LAUNCH_VALIDATED, "2.4.0+311", T0.plusSeconds(60)),
                org.assertj.core.groups.Tuple.tuple(NoGoFact.Kind.KILL_SWITCH_DRILL, "AI_LANE", T0));
        assertThat(facts.get(1).detail()).contains("ks-aaaaaaaaaaaa");
        assertThat(projector.factsFor(OTHER)).extracting(NoGoFact::kind).containsExactly(NoGoFact.Kind.STALE_PACK_WATCH);
    }

    @Test
    void redeliveredEventsChangeNothingAndTheResetClearsEverything() {
        drillRebind("rb-aaaaaaaaaaaa", SCOPE, true, true, true, T0);
        drillRebind("rb-aaaaaaaaaaaa", SCOPE, true, true, true, T0);
        assertThat(database.jdbc().queryForObject("select count(*) from no_go_evidence", Integer.class)).isEqualTo(1);

        projector.reset();

        assertThat(database.jdbc().queryForObject("select count(*) from no_go_evidence", Integer.class)).isZero();
        assertThat(database.jdbc().queryForObject("select count(*) from no_go_drill_rebind", Integer.class)).isZero();
    }

    /** Time travel folds the log through {@link NoGoGateFacts} in memory: it must gather exactly what this projection stores. */
    @Test
    void theInMemoryFoldOfTimeTravelGathersTheSameFactsAsTheProjection() {
        NoGoGateFacts inMemory = new NoGoGateFacts();
        Scope country = Scope.parse("country/se");
        Scope pipeline = Scope.parse("pipeline/refresh");
        StoredManifest good = new StoredManifest("se-stockholm-v1", SCOPE, "packs/v1.json", "2b".repeat(32), T0, "1a".repeat(32), "\"e1\"");
        StoredManifest bad = new StoredManifest("se-stockholm-v2", SCOPE, "packs/v2.json", "4d".repeat(32), T0, "3c".repeat(32), "\"e2\"");
        RebindId proving = RebindId.of("rb-aaaaaaaaaaaa");
        RebindId noOp = RebindId.of("rb-bbbbbbbbbbbb");
        List<Object> events = List.of(
                new RebindStarted(proving, SCOPE, null, null, true, RebindMode.AUTOMATIC, T0, T0.plusSeconds(900), T0.plusSeconds(1800)),
                new RebindStarted(noOp, OTHER, null, null, true, RebindMode.AUTOMATIC, T0, T0.plusSeconds(900), T0.plusSeconds(1800)),
                new ManifestProbed(proving, bad, good),
                new ManifestProbed(noOp, good, good),
                new RebindCompleted(proving, T0.plusSeconds(60), T0.plusSeconds(120), 60, 120, true, true),
                new RebindCompleted(noOp, T0.plusSeconds(60), T0.plusSeconds(130), 60, 130, true, true),
                new KillSwitchActivated(KillSwitchId.of("ks-aaaaaaaaaaaa"), KillSwitchKind.AI_LANE, SCOPE, "drill", null, true,
                        T0.plusSeconds(5)),
                new KillSwitchActivated(KillSwitchId.of("ks-bbbbbbbbbbbb"), KillSwitchKind.BAD_PACK, SCOPE, "real", null, false,
                        T0.plusSeconds(6)),
                new KillSwitchActivated(KillSwitchId.of("ks-cccccccccccc"), KillSwitchKind.AI_LANE, SCOPE, "drill again", null, true,
                        T0.plusSeconds(7)),
                new FreshnessWatchStarted(new PackFreshnessId(SCOPE), 36 * 3600),
                new LaunchDayValidated(new LaunchId(SCOPE, "2.4.0")),
                declared("inc-111111111111", SCOPE, Severity.SEV3, T0.plusSeconds(11)),
                declared("inc-222222222222", country, Severity.SEV2, T0.plusSeconds(12)),
                declared("inc-333333333333", pipeline, Severity.SEV1, T0.plusSeconds(13)),
                declared("inc-444444444444", OTHER, Severity.SEV1, T0.plusSeconds(14)),
                new SeverityChanged(IncidentId.of("inc-111111111111"), Severity.SEV3, Severity.SEV2, null, "worse"),
                new IncidentClosed(IncidentId.of("inc-333333333333"), "done"));
        Instant recordedAt = T0.plusSeconds(20);
        for (Object event : events) {
            recordedAt = recordedAt.plusSeconds(1);
            project(event, recordedAt);
            inMemory.apply(event, recordedAt);
        }
        alert(SCOPE, IncidentClass.STALE_PACK, IntakeResult.DRILL, T0.plusSeconds(50));
        inMemory.apply(new AlertDeliveryRecorded(AlertDeliveryId.of("dlv-" + "0".repeat(32)), "ledger", "firing", "g", null, 0,
                List.of(new AlertOutcome("PublishBlocked", "fp", T0.plusSeconds(50), AlertStatus.FIRING, IncidentClass.STALE_PACK, SCOPE,
                        IntakeResult.DRILL, null, null))), T0.plusSeconds(50));

        assertThat(inMemory.factsFor(SCOPE)).isEqualTo(projector.factsFor(SCOPE)).hasSize(7);
        assertThat(inMemory.factsFor(OTHER)).isEqualTo(projector.factsFor(OTHER));
        assertThat(inMemory.factsFor(country)).isEqualTo(projector.factsFor(country));
        assertThat(inMemory.events()).isEqualTo(events.size() + 1);
    }

    private static IncidentDeclared declared(String id, Scope scope, Severity severity, Instant detectedAt) {
        return new IncidentDeclared(IncidentId.of(id), IncidentClass.SOURCE_OUTAGE, scope, null, severity, severity,
                new TriggerSource(TriggerSource.Kind.ALERT, "SourceDown"), "source down", detectedAt);
    }

    private void project(Object event, Instant recordedAt) {
        if (event instanceof RebindStarted started) {
            projector.on(started);
        } else if (event instanceof ManifestProbed probed) {
            projector.on(probed);
        } else if (event instanceof RebindCompleted completed) {
            projector.on(completed);
        } else if (event instanceof KillSwitchActivated activated) {
            projector.on(activated);
        } else if (event instanceof FreshnessWatchStarted watch) {
            projector.on(watch, recordedAt);
        } else if (event instanceof LaunchDayValidated validated) {
            projector.on(validated, recordedAt);
        } else if (event instanceof IncidentDeclared declared) {
            projector.on(declared);
        } else if (event instanceof SeverityChanged changed) {
            projector.on(changed);
        } else if (event instanceof IncidentClosed closed) {
            projector.on(closed);
        } else {
            throw new IllegalArgumentException("not a gate event: " + event);
        }
    }
}
