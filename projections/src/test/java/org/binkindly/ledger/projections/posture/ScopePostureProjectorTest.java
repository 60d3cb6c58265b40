package org.binkindly.ledger.projections.posture;

import org.assertj.core.groups.Tuple;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.SeverityBasis;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchReleased;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.posture.ScopePostureView.Flag;
import org.binkindly.ledger.projections.posture.ScopePostureView.Reason;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScopePostureProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    /** The runbook's whisper-audit wording, copied from the runbook rather than from the view. */
    private static final String RUNBOOK_WORDING = "[Intention: Amanah] Publish remains paused for this scope until "
            + "last-known-good safety, rollback evidence, and truth checks are restored.";

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    // Same id, different kind: the locality "x" is not the country "x".
    private static final Scope LOCALITY_X = Scope.parse("locality/x");
    private static final Scope COUNTRY_X = Scope.parse("country/x");

    private JdbcTemplate jdbc;
    private ScopePostureProjector projector;

    /** Every event handed to the projector, in order, so a test can redeliver them. */
    private final List<Object> delivered = new ArrayList<>();
    /** When each delivered event was recorded, as the event store would stamp it. */
    private final java.util.Map<Object, Instant> recordedAt = new java.util.IdentityHashMap<>();
    private Instant clock = T0;

    @BeforeEach
    void newProjector() {
        jdbc = database.jdbc();
        projector = new ScopePostureProjector(jdbc);
    }

    // --- nothing open -------------------------------------------------------------------------

    @Test
    void aScopeWithNothingOnRecordHasNoFlagsAndNoWording() {
        assertCalm(posture(STOCKHOLM));
        assertThat(posture(STOCKHOLM).scope()).isEqualTo(STOCKHOLM);
        assertThat(projector.handle(new ListScopePostures())).isEmpty();
    }

    @Test
    void aScopeWhoseIncidentsSwitchesAndRebindsAreAllSettledHasNoFlagsAndNoWording() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1);
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, false);
        startRebind(rebind(1), STOCKHOLM, false);
        completeRebind(rebind(1));
        release(killSwitch(1));
        close(incident(1));

        assertCalm(posture(STOCKHOLM));
        assertThat(posture(STOCKHOLM).drills()).isEmpty();
        assertThat(projector.handle(new ListScopePostures())).isEmpty();
    }

    // --- degraded -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = IncidentClass.class, names = {"STALE_PACK", "SOURCE_OUTAGE", "FALLBACK_SPIKE", "BAD_PUBLISH",
            "RESOLVER_HEALTH"})
    void anOpenIncidentOfADegradingClassDegradesTheScope(IncidentClass incidentClass) {
        declare(incident(1), incidentClass, STOCKHOLM, Severity.SEV3);

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.degraded()).isTrue();
        assertThat(view.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.sourceType()).isEqualTo("INCIDENT");
            assertThat(reason.sourceId()).isEqualTo(incident(1).value());
            assertThat(reason.subtype()).isEqualTo(incidentClass.name());
            assertThat(reason.severity()).isEqualTo("SEV3");
            assertThat(reason.flags()).contains(Flag.DEGRADED);
        });
    }

    @ParameterizedTest
    @EnumSource(value = IncidentClass.class, names = {"PUBLISH_FAILURE", "AI_LANE_INSTABILITY", "WORKFLOW_WATCHDOG",
            "KILL_SWITCH_ACTIVATION", "TRIGGER_DEDUPE_SPIKE"})
    void anOpenSev2IncidentOfAnotherClassDoesNotDegradeTheScope(IncidentClass incidentClass) {
        declare(incident(1), incidentClass, STOCKHOLM, Severity.SEV2);

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.degraded()).isFalse();
        assertThat(view.publishPaused()).isFalse();
        assertThat(view.wording()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = IncidentClass.class, names = {"PUBLISH_FAILURE", "AI_LANE_INSTABILITY", "WORKFLOW_WATCHDOG",
            "KILL_SWITCH_ACTIVATION", "TRIGGER_DEDUPE_SPIKE"})
    void anyOpenIncidentEscalatedToSev1DegradesTheScope(IncidentClass incidentClass) {
        declare(incident(1), incidentClass, STOCKHOLM, Severity.SEV2);
        assertThat(posture(STOCKHOLM).degraded()).isFalse();

        deliver(new SeverityChanged(incident(1), Severity.SEV2, Severity.SEV1, SeverityBasis.ESCALATED,
                "reviewers saw wrong pickup days in the app"));

        ScopePostureView view = posture(STOCKHOLM);
        assertThat(view.degraded()).isTrue();
        assertThat(view.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.sourceId()).isEqualTo(incident(1).value());
            assertThat(reason.severity()).isEqualTo("SEV1");
            assertThat(reason.flags()).contains(Flag.DEGRADED);
        });
        assertThat(projector.handle(new ListScopePostures())).extracting(ScopePostureView::scope).containsExactly(STOCKHOLM);
    }

    @Test
    void anIncidentDeclaredAtSev1DegradesTheScope() {
        declare(incident(1), IncidentClass.WORKFLOW_WATCHDOG, STOCKHOLM, Severity.SEV1);

        assertThat(posture(STOCKHOLM).degraded()).isTrue();
    }

    @Test
    void downgradingANonDegradingIncidentFromSev1NoLongerDegradesTheScope() {
        declare(incident(1), IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV1);

        deliver(new SeverityChanged(incident(1), Severity.SEV1, Severity.SEV2, SeverityBasis.DOWNGRADED,
                "only the pipeline scope is affected; users still see last known good"));

        assertThat(posture(STOCKHOLM).degraded()).isFalse();
    }

    @Test
    void closingTheIncidentClearsDegraded() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV2);
        declare(incident(2), IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV1);

        close(incident(1));
        assertThat(posture(STOCKHOLM).degraded()).as("the SEV1 is still open").isTrue();
        assertThat(posture(STOCKHOLM).reasons()).extracting(Reason::sourceId).containsExactly(incident(2).value());

        close(incident(2));
        assertCalm(posture(STOCKHOLM));
    }

    // --- graduation frozen --------------------------------------------------------------------

    @Test
    void anActiveAiLaneKillSwitchFreezesGraduationWithoutPausingPublish() {
        activate(killSwitch(1), KillSwitchKind.AI_LANE, STOCKHOLM, false);

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.graduationFrozen()).isTrue();
        assertThat(view.publishPaused()).isFalse();
        assertThat(view.degraded()).isFalse();
        assertThat(view.wording()).isNull();
        assertThat(view.reasons()).containsExactly(
                new Reason("KILL_SWITCH", killSwitch(1).value(), "AI_LANE", null, List.of(Flag.GRADUATION_FROZEN)));
    }

    @ParameterizedTest
    @EnumSource(value = IncidentClass.class, names = {"AI_LANE_INSTABILITY", "FALLBACK_SPIKE"})
    void anOpenAiLaneOrFallbackIncidentFreezesGraduation(IncidentClass incidentClass) {
        declare(incident(1), incidentClass, STOCKHOLM, Severity.SEV2);

        assertThat(posture(STOCKHOLM).graduationFrozen()).isTrue();
        assertThat(posture(STOCKHOLM).publishPaused()).isFalse();
    }

    @Test
    void releasingTheKillSwitchUnfreezesGraduation() {
        activate(killSwitch(1), KillSwitchKind.AI_LANE, STOCKHOLM, false);

        release(killSwitch(1));

        assertCalm(posture(STOCKHOLM));
    }

    // --- publish paused -----------------------------------------------------------------------

    @Test
    void anActiveBadPackKillSwitchFreezesGraduationAndPausesPublishWithTheRunbookWording() {
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, false);

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.graduationFrozen()).isTrue();
        assertThat(view.publishPaused()).isTrue();
        assertThat(view.degraded()).isFalse();
        assertThat(view.wording()).isEqualTo(RUNBOOK_WORDING);
        assertThat(view.reasons()).containsExactly(new Reason("KILL_SWITCH", killSwitch(1).value(), "BAD_PACK", null,
                List.of(Flag.GRADUATION_FROZEN, Flag.PUBLISH_PAUSED)));
    }

    @Test
    void releasingTheBadPackKillSwitchLiftsThePauseAndTheWording() {
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, false);

        release(killSwitch(1));

        assertCalm(posture(STOCKHOLM));
    }

    @Test
    void anOpenBadPublishIncidentPausesPublishUntilItIsClosed() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2);

        ScopePostureView open = posture(STOCKHOLM);
        assertThat(open.publishPaused()).isTrue();
        assertThat(open.degraded()).isTrue();
        assertThat(open.wording()).isEqualTo(RUNBOOK_WORDING);
        assertThat(open.reasons()).containsExactly(new Reason("INCIDENT", incident(1).value(), "BAD_PUBLISH", "SEV2",
                List.of(Flag.DEGRADED, Flag.PUBLISH_PAUSED)));

        close(incident(1));
        assertCalm(posture(STOCKHOLM));
    }

    @Test
    void anOpenPublishFailureIncidentDoesNotPausePublish() {
        declare(incident(1), IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV2);

        assertThat(posture(STOCKHOLM).publishPaused()).isFalse();
        assertThat(posture(STOCKHOLM).wording()).isNull();
    }

    @Test
    void aRebindInProgressPausesPublish() {
        startRebind(rebind(1), STOCKHOLM, false);

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.publishPaused()).isTrue();
        assertThat(view.wording()).isEqualTo(RUNBOOK_WORDING);
        assertThat(view.degraded()).isFalse();
        assertThat(view.graduationFrozen()).isFalse();
        assertThat(view.reasons()).containsExactly(
                new Reason("REBIND", rebind(1).value(), "IN_PROGRESS", null, List.of(Flag.PUBLISH_PAUSED)));
    }

    @Test
    void aCompletedRebindNoLongerPausesPublish() {
        startRebind(rebind(1), STOCKHOLM, false);

        completeRebind(rebind(1));

        assertCalm(posture(STOCKHOLM));
    }

    @Test
    void aFailedRebindKeepsPublishPausedUntilALaterRebindOfTheScopeCompletes() {
        startRebind(rebind(1), STOCKHOLM, false);
        failRebind(rebind(1));

        assertThat(posture(STOCKHOLM).publishPaused()).as("a failed rollback path is no last-known-good safety").isTrue();
        assertThat(posture(STOCKHOLM).wording()).isEqualTo(RUNBOOK_WORDING);
        assertThat(posture(STOCKHOLM).reasons()).containsExactly(
                new Reason("REBIND", rebind(1).value(), "FAILED", null, List.of(Flag.PUBLISH_PAUSED)));

        startRebind(rebind(2), STOCKHOLM, false);
        assertThat(posture(STOCKHOLM).publishPaused()).isTrue();
        assertThat(posture(STOCKHOLM).reasons()).extracting(Reason::sourceId, Reason::subtype)
                .containsExactly(Tuple.tuple(rebind(1).value(), "FAILED"), Tuple.tuple(rebind(2).value(), "IN_PROGRESS"));

        completeRebind(rebind(2));
        assertCalm(posture(STOCKHOLM));
    }

    @Test
    void aSecondFailedRebindKeepsPublishPaused() {
        startRebind(rebind(1), STOCKHOLM, false);
        failRebind(rebind(1));
        startRebind(rebind(2), STOCKHOLM, false);

        failRebind(rebind(2));

        assertThat(posture(STOCKHOLM).publishPaused()).isTrue();
        assertThat(posture(STOCKHOLM).reasons()).extracting(Reason::sourceId, Reason::subtype)
                .containsExactly(Tuple.tuple(rebind(1).value(), "FAILED"), Tuple.tuple(rebind(2).value(), "FAILED"));
    }

    @Test
    void aRebindCompletedInAnotherScopeDoesNotSettleAFailedOne() {
        startRebind(rebind(1), LOCALITY_X, false);
        failRebind(rebind(1));
        startRebind(rebind(2), COUNTRY_X, false);
        startRebind(rebind(3), STOCKHOLM, false);

        completeRebind(rebind(2));
        completeRebind(rebind(3));

        assertThat(posture(LOCALITY_X).publishPaused()).isTrue();
        assertThat(posture(LOCALITY_X).reasons()).extracting(Reason::sourceId).containsExactly(rebind(1).value());
        assertCalm(posture(COUNTRY_X));
        assertCalm(posture(STOCKHOLM));
    }

    @Test
    void aCompletedDrillDoesNotSettleARealFailedRebind() {
        startRebind(rebind(1), STOCKHOLM, false);
        failRebind(rebind(1));
        startRebind(rebind(2), STOCKHOLM, true);

        completeRebind(rebind(2));

        assertThat(posture(STOCKHOLM).publishPaused()).isTrue();
        assertThat(posture(STOCKHOLM).reasons()).extracting(Reason::sourceId, Reason::subtype)
                .containsExactly(Tuple.tuple(rebind(1).value(), "FAILED"));
    }

    // --- drills -------------------------------------------------------------------------------

    @Test
    void drillsAreListedButNeverChangeTheFlags() {
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, true);
        activate(killSwitch(2), KillSwitchKind.AI_LANE, STOCKHOLM, true);
        startRebind(rebind(1), STOCKHOLM, true);
        startRebind(rebind(2), STOCKHOLM, true);
        failRebind(rebind(2));

        ScopePostureView view = posture(STOCKHOLM);

        assertCalm(view);
        assertThat(view.drills()).extracting(Reason::sourceType, Reason::sourceId, Reason::subtype).containsExactly(
                Tuple.tuple("KILL_SWITCH", killSwitch(1).value(), "BAD_PACK"),
                Tuple.tuple("KILL_SWITCH", killSwitch(2).value(), "AI_LANE"),
                Tuple.tuple("REBIND", rebind(1).value(), "IN_PROGRESS"),
                Tuple.tuple("REBIND", rebind(2).value(), "FAILED"));
        assertThat(projector.handle(new ListScopePostures())).isEmpty();
    }

    @Test
    void drillsBesideRealSourcesLeaveTheRealFlagsAsTheyAre() {
        activate(killSwitch(1), KillSwitchKind.AI_LANE, STOCKHOLM, false);
        activate(killSwitch(2), KillSwitchKind.BAD_PACK, STOCKHOLM, true);
        startRebind(rebind(1), STOCKHOLM, true);

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.graduationFrozen()).isTrue();
        assertThat(view.publishPaused()).as("only drills would pause publish").isFalse();
        assertThat(view.wording()).isNull();
        assertThat(view.reasons()).extracting(Reason::sourceId).containsExactly(killSwitch(1).value());
        assertThat(view.drills()).extracting(Reason::sourceId).containsExactly(killSwitch(2).value(), rebind(1).value());
    }

    @Test
    void finishedDrillsAreNoLongerListed() {
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, true);
        startRebind(rebind(1), STOCKHOLM, true);

        release(killSwitch(1));
        completeRebind(rebind(1));

        assertThat(posture(STOCKHOLM).drills()).isEmpty();
    }

    // --- reasons and listing ------------------------------------------------------------------

    @Test
    void reasonsNameTheSourceTypeAndIdOldestFirst() {
        // Since: the incident's detection, the switch's activation, the rebind's confirmed bad publish.
        deliver(declared(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1, T0.plus(Duration.ofMinutes(1))));
        deliver(new KillSwitchActivated(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, "wrong glass rules live",
                incident(1), false, T0.plus(Duration.ofMinutes(9))));
        deliver(rebindStarted(rebind(1), STOCKHOLM, false, T0.plus(Duration.ofMinutes(4))));

        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.reasons()).extracting(Reason::sourceType, Reason::sourceId, Reason::subtype, Reason::severity)
                .containsExactly(
                        Tuple.tuple("INCIDENT", incident(1).value(), "BAD_PUBLISH", "SEV1"),
                        Tuple.tuple("REBIND", rebind(1).value(), "IN_PROGRESS", null),
                        Tuple.tuple("KILL_SWITCH", killSwitch(1).value(), "BAD_PACK", null));
        assertThat(view.degraded()).isTrue();
        assertThat(view.graduationFrozen()).isTrue();
        assertThat(view.publishPaused()).isTrue();
        assertThat(view.wording()).isEqualTo(RUNBOOK_WORDING);
        assertThat(view.drills()).isEmpty();
    }

    @Test
    void listShowsOnlyScopesWithAtLeastOneFlag() {
        Scope uppsala = Scope.parse("locality/se-uppsala");
        Scope oslo = Scope.parse("locality/no-oslo");
        startRebind(rebind(1), STOCKHOLM, false);
        declare(incident(1), IncidentClass.STALE_PACK, LOCALITY_X, Severity.SEV3);
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, COUNTRY_X, true);
        declare(incident(2), IncidentClass.PUBLISH_FAILURE, uppsala, Severity.SEV3);
        declare(incident(3), IncidentClass.SOURCE_OUTAGE, oslo, Severity.SEV2);
        close(incident(3));

        List<ScopePostureView> listed = projector.handle(new ListScopePostures());

        assertThat(listed).extracting(ScopePostureView::scope).containsExactlyInAnyOrder(STOCKHOLM, LOCALITY_X);
        assertThat(listed).allSatisfy(view -> assertThat(view).isEqualTo(posture(view.scope())));
        assertThat(listed).allMatch(view -> view.degraded() || view.graduationFrozen() || view.publishPaused());
    }

    @Test
    void scopesWithTheSameIdButDifferentKindsAreKeptApart() {
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, LOCALITY_X, false);
        declare(incident(1), IncidentClass.STALE_PACK, COUNTRY_X, Severity.SEV3);

        ScopePostureView locality = posture(LOCALITY_X);
        ScopePostureView country = posture(COUNTRY_X);

        assertThat(locality.scope()).isEqualTo(LOCALITY_X);
        assertThat(locality.graduationFrozen()).isTrue();
        assertThat(locality.publishPaused()).isTrue();
        assertThat(locality.degraded()).isFalse();
        assertThat(locality.reasons()).extracting(Reason::sourceId).containsExactly(killSwitch(1).value());
        assertThat(country.scope()).isEqualTo(COUNTRY_X);
        assertThat(country.degraded()).isTrue();
        assertThat(country.graduationFrozen()).isFalse();
        assertThat(country.publishPaused()).isFalse();
        assertThat(country.wording()).isNull();
        assertThat(country.reasons()).extracting(Reason::sourceId).containsExactly(incident(1).value());
        assertThat(projector.handle(new ListScopePostures())).containsExactlyInAnyOrder(locality, country);

        release(killSwitch(1));
        assertCalm(posture(LOCALITY_X));
        assertThat(posture(COUNTRY_X)).isEqualTo(country);
    }

    // --- redelivery and reset -----------------------------------------------------------------

    @Test
    void redeliveredEventsChangeNothing() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV2);
        deliver(new SeverityChanged(incident(1), Severity.SEV2, Severity.SEV1, SeverityBasis.ESCALATED, "spreading"));
        declare(incident(2), IncidentClass.BAD_PUBLISH, LOCALITY_X, Severity.SEV2);
        activate(killSwitch(1), KillSwitchKind.AI_LANE, COUNTRY_X, false);
        activate(killSwitch(2), KillSwitchKind.BAD_PACK, LOCALITY_X, false);
        startRebind(rebind(1), LOCALITY_X, false);
        failRebind(rebind(1));
        startRebind(rebind(2), STOCKHOLM, true);
        List<ScopePostureView> before = postures(STOCKHOLM, LOCALITY_X, COUNTRY_X);
        List<ScopePostureView> listedBefore = projector.handle(new ListScopePostures());

        for (Object event : List.copyOf(delivered)) {
            handle(event);

            assertThat(postures(STOCKHOLM, LOCALITY_X, COUNTRY_X)).as("after redelivering %s", event).isEqualTo(before);
        }
        assertThat(projector.handle(new ListScopePostures())).isEqualTo(listedBefore);
        assertThat(sourceRows()).isEqualTo(6);
    }

    @Test
    void redeliveredOpeningsDoNotReopenWhatWasClosedReleasedOrCompleted() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1);
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, STOCKHOLM, false);
        startRebind(rebind(1), STOCKHOLM, false);
        failRebind(rebind(1));
        startRebind(rebind(2), STOCKHOLM, false);
        completeRebind(rebind(2));
        release(killSwitch(1));
        close(incident(1));
        assertCalm(posture(STOCKHOLM));

        for (Object event : List.copyOf(delivered)) {
            handle(event);

            assertCalm(posture(STOCKHOLM));
        }
    }

    @Test
    void redeliveredEscalationOfAClosedIncidentDoesNotDegradeTheScope() {
        declare(incident(1), IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV2);
        SeverityChanged escalation = new SeverityChanged(incident(1), Severity.SEV2, Severity.SEV1, SeverityBasis.ESCALATED,
                "user-visible wrong pickups");
        deliver(escalation);
        close(incident(1));

        handle(escalation);

        assertCalm(posture(STOCKHOLM));
    }

    /** A completion settles only the failures before it, so a redelivered batch cannot hide a later failure. */
    @Test
    void redeliveredBatchWithAnEarlierCompletionKeepsALaterFailedRebindPausingPublish() {
        startRebind(rebind(1), STOCKHOLM, false);
        completeRebind(rebind(1));
        int redeliverFrom = delivered.size() - 1;
        startRebind(rebind(2), STOCKHOLM, false);
        failRebind(rebind(2));
        ScopePostureView before = posture(STOCKHOLM);
        assertThat(before.publishPaused()).isTrue();

        // The processor crashed before storing its token: the batch from the completion on comes again, in order.
        for (Object event : List.copyOf(delivered.subList(redeliverFrom, delivered.size()))) {
            handle(event);
        }

        assertThat(posture(STOCKHOLM)).isEqualTo(before);
    }

    @Test
    void resetEmptiesThePostures() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1);
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, COUNTRY_X, false);
        startRebind(rebind(1), LOCALITY_X, true);
        assertThat(sourceRows()).isEqualTo(3);

        projector.reset();

        assertThat(sourceRows()).isZero();
        assertThat(projector.handle(new ListScopePostures())).isEmpty();
        assertCalm(posture(STOCKHOLM));
        assertCalm(posture(COUNTRY_X));
        assertThat(posture(LOCALITY_X).drills()).isEmpty();
    }

    @Test
    void replayAfterResetRebuildsTheSamePostures() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3);
        activate(killSwitch(1), KillSwitchKind.BAD_PACK, LOCALITY_X, false);
        startRebind(rebind(1), LOCALITY_X, false);
        failRebind(rebind(1));
        startRebind(rebind(2), COUNTRY_X, false);
        completeRebind(rebind(2));
        List<ScopePostureView> before = postures(STOCKHOLM, LOCALITY_X, COUNTRY_X);

        projector.reset();
        delivered.forEach(this::handle);

        assertThat(postures(STOCKHOLM, LOCALITY_X, COUNTRY_X)).isEqualTo(before);
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertCalm(ScopePostureView view) {
        assertThat(view.degraded()).as("degraded").isFalse();
        assertThat(view.graduationFrozen()).as("graduation frozen").isFalse();
        assertThat(view.publishPaused()).as("publish paused").isFalse();
        assertThat(view.reasons()).as("reasons").isEmpty();
        assertThat(view.wording()).as("wording").isNull();
    }

    private static IncidentId incident(int n) {
        return IncidentId.of("inc-%012x".formatted(n));
    }

    private static KillSwitchId killSwitch(int n) {
        return KillSwitchId.of("ks-%012x".formatted(n));
    }

    private static RebindId rebind(int n) {
        return RebindId.of("rb-%012x".formatted(n));
    }

    private static IncidentDeclared declared(IncidentId id, IncidentClass incidentClass, Scope scope, Severity severity,
                                             Instant detectedAt) {
        return new IncidentDeclared(id, incidentClass, scope, ImpactAssessment.nothingKnown(), severity, severity,
                new TriggerSource(TriggerSource.Kind.ALERT, "BinKindlyPublishBlocked"), "canary readback returns the bad manifest",
                detectedAt);
    }

    private static RebindStarted rebindStarted(RebindId id, Scope scope, boolean drill, Instant badPublishConfirmedAt) {
        return new RebindStarted(id, scope, null, drill ? null : incident(0xbad), drill, RebindMode.AUTOMATIC,
                badPublishConfirmedAt, badPublishConfirmedAt.plus(Duration.ofMinutes(15)),
                badPublishConfirmedAt.plus(Duration.ofMinutes(30)));
    }

    private void declare(IncidentId id, IncidentClass incidentClass, Scope scope, Severity severity) {
        deliver(declared(id, incidentClass, scope, severity, tick()));
    }

    private void close(IncidentId id) {
        deliver(new IncidentClosed(id, "post-incident record complete"));
    }

    private void activate(KillSwitchId id, KillSwitchKind kind, Scope scope, boolean drill) {
        deliver(new KillSwitchActivated(id, kind, scope, drill ? "quarterly drill" : "contain the wrong active publish",
                drill ? null : incident(0xbad), drill, tick()));
    }

    private void release(KillSwitchId id) {
        deliver(new KillSwitchReleased(id, "clean scheduled run and rollback confidence on record"));
    }

    private void startRebind(RebindId id, Scope scope, boolean drill) {
        deliver(rebindStarted(id, scope, drill, tick()));
    }

    private void failRebind(RebindId id) {
        deliver(new RebindFailed(id, RebindStep.INTEGRITY_READBACK, "pack hashes differ from what the manifest declares"));
    }

    private void completeRebind(RebindId id) {
        Instant now = tick();
        deliver(new RebindCompleted(id, now.minusSeconds(240), now.minusSeconds(60), 300, 480, true, true));
    }

    private Instant tick() {
        clock = clock.plusSeconds(60);
        return clock;
    }

    private void deliver(Object event) {
        delivered.add(event);
        recordedAt.put(event, tick());
        handle(event);
    }

    /** Routes an event to its handler as the processing group would. */
    private void handle(Object event) {
        if (event instanceof IncidentDeclared e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof SeverityChanged e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof IncidentClosed e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof KillSwitchActivated e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof KillSwitchReleased e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof RebindStarted e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof RebindFailed e) {
            projector.on(e, recordedAt.get(event));
        } else if (event instanceof RebindCompleted e) {
            projector.on(e, recordedAt.get(event));
        } else {
            throw new IllegalArgumentException("the posture projector has no handler for " + event);
        }
    }

    private ScopePostureView posture(Scope scope) {
        return projector.handle(new FindScopePosture(scope));
    }

    private List<ScopePostureView> postures(Scope... scopes) {
        return java.util.Arrays.stream(scopes).map(this::posture).toList();
    }

    private int sourceRows() {
        Integer count = jdbc.queryForObject("select count(*) from posture_source", Integer.class);
        return count == null ? 0 : count;
    }
}
