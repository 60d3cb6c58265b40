package org.binkindly.ledger.projections.posture;

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
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.projections.posture.ScopePostureView.Flag.DEGRADED;
import static org.binkindly.ledger.projections.posture.ScopePostureView.Flag.GRADUATION_FROZEN;
import static org.binkindly.ledger.projections.posture.ScopePostureView.Flag.PUBLISH_PAUSED;

/** Events in, posture out, against the real PostgreSQL: the runbook's degraded / frozen / paused rules. */
class ScopePostureRulesTest {

    /** Each event is recorded a minute after the one before, as the event store would stamp it. */
    private java.time.Instant clock = java.time.Instant.parse("2026-11-27T00:00:00Z");

    private java.time.Instant tick() {
        clock = clock.plusSeconds(60);
        return clock;
    }

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    private static final Scope LOCALITY_SE = Scope.parse("locality/se");
    private static final Scope COUNTRY_SE = Scope.parse("country/se");
    private static final TriggerSource TRIGGER = new TriggerSource(TriggerSource.Kind.MANUAL, "on-call saw it");

    private ScopePostureProjector projector;

    @BeforeEach
    void newProjector() {
        projector = new ScopePostureProjector(database.jdbc());
    }

    @Test
    void aScopeNothingTouchedIsCalmAndCarriesNoWording() {
        ScopePostureView view = posture(STOCKHOLM);

        assertThat(view.degraded()).isFalse();
        assertThat(view.graduationFrozen()).isFalse();
        assertThat(view.publishPaused()).isFalse();
        assertThat(view.reasons()).isEmpty();
        assertThat(view.wording()).isNull();
    }

    @Test
    void anOpenBadPublishDegradesAndPausesWithTheRunbooksWordingUntilItCloses() {
        IncidentId incident = incident(1);
        projector.on(declared(incident, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2), tick());

        ScopePostureView open = posture(STOCKHOLM);
        assertThat(open.degraded()).isTrue();
        assertThat(open.publishPaused()).isTrue();
        assertThat(open.graduationFrozen()).isFalse();
        assertThat(open.wording()).isEqualTo(ScopePostureView.PUBLISH_PAUSED_WORDING);
        assertThat(open.reasons()).containsExactly(new ScopePostureView.Reason("INCIDENT", incident.value(), "BAD_PUBLISH", "SEV2",
                List.of(DEGRADED, PUBLISH_PAUSED)));

        projector.on(new IncidentClosed(incident, "restored"), tick());
        assertThat(posture(STOCKHOLM).reasons()).isEmpty();
        assertThat(posture(STOCKHOLM).wording()).isNull();
    }

    @Test
    void anyOpenSev1DegradesAndStopsDoingSoWhenItsSeverityDrops() {
        IncidentId incident = incident(2);
        projector.on(declared(incident, IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV2), tick());
        assertThat(posture(STOCKHOLM).degraded()).as("a SEV2 publish failure is not degrading").isFalse();

        projector.on(new SeverityChanged(incident, Severity.SEV2, Severity.SEV1, SeverityBasis.ESCALATED, "rollback failing"), tick());
        assertThat(posture(STOCKHOLM).degraded()).isTrue();
        assertThat(posture(STOCKHOLM).reasons().get(0).severity()).isEqualTo("SEV1");

        projector.on(new SeverityChanged(incident, Severity.SEV1, Severity.SEV3, SeverityBasis.DOWNGRADED, "contained"), tick());
        assertThat(posture(STOCKHOLM).degraded()).isFalse();
    }

    @Test
    void aiLaneAndFallbackIncidentsAndAnyActiveKillSwitchFreezeGraduation() {
        projector.on(declared(incident(3), IncidentClass.AI_LANE_INSTABILITY, STOCKHOLM, Severity.SEV3), tick());
        assertThat(flags(STOCKHOLM)).containsExactly(List.of(GRADUATION_FROZEN));

        projector.on(declared(incident(4), IncidentClass.FALLBACK_SPIKE, LOCALITY_SE, Severity.SEV3), tick());
        assertThat(flags(LOCALITY_SE)).containsExactly(List.of(DEGRADED, GRADUATION_FROZEN));

        KillSwitchId aiSwitch = killSwitch(1);
        projector.on(activated(aiSwitch, KillSwitchKind.AI_LANE, COUNTRY_SE, false), tick());
        assertThat(flags(COUNTRY_SE)).containsExactly(List.of(GRADUATION_FROZEN));
        projector.on(new KillSwitchReleased(aiSwitch, "clean runs"), tick());
        assertThat(posture(COUNTRY_SE).reasons()).isEmpty();
    }

    @Test
    void aBadPackKillSwitchPausesPublishUntilReleased() {
        KillSwitchId badPack = killSwitch(2);
        projector.on(activated(badPack, KillSwitchKind.BAD_PACK, STOCKHOLM, false), tick());

        assertThat(flags(STOCKHOLM)).containsExactly(List.of(GRADUATION_FROZEN, PUBLISH_PAUSED));
        projector.on(new KillSwitchReleased(badPack, "rebound"), tick());
        assertThat(posture(STOCKHOLM).publishPaused()).isFalse();
    }

    @Test
    void aFailedRebindKeepsPublishPausedUntilALaterRebindOfTheScopeCompletes() {
        RebindId failed = rebind(1);
        RebindId retried = rebind(2);
        projector.on(started(failed, STOCKHOLM, false), tick());
        assertThat(posture(STOCKHOLM).reasons()).extracting(ScopePostureView.Reason::subtype).containsExactly("IN_PROGRESS");
        projector.on(new RebindFailed(failed, RebindStep.ACTIVE_WRITE, "412"), tick());
        assertThat(posture(STOCKHOLM).reasons()).extracting(ScopePostureView.Reason::subtype).containsExactly("FAILED");
        assertThat(posture(STOCKHOLM).publishPaused()).isTrue();

        projector.on(started(retried, STOCKHOLM, false), tick());
        projector.on(completed(retried), tick());

        assertThat(posture(STOCKHOLM).publishPaused()).isFalse();
        assertThat(posture(STOCKHOLM).reasons()).isEmpty();
    }

    @Test
    void drillsAreListedButNeverChangeThePostureAndAreSettledOnlyByDrills() {
        RebindId failedDrill = rebind(3);
        projector.on(started(failedDrill, STOCKHOLM, true), tick());
        projector.on(new RebindFailed(failedDrill, RebindStep.MANIFEST_PROBE, "unreachable"), tick());
        projector.on(activated(killSwitch(3), KillSwitchKind.BAD_PACK, STOCKHOLM, true), tick());

        ScopePostureView view = posture(STOCKHOLM);
        assertThat(view.publishPaused()).isFalse();
        assertThat(view.graduationFrozen()).isFalse();
        // listed in order of when each began: the switch (T0+60s) before the rebind (T0+123s)
        assertThat(view.drills()).extracting(ScopePostureView.Reason::sourceId).containsExactly(killSwitch(3).value(), failedDrill.value());

        RebindId real = rebind(4);
        projector.on(started(real, STOCKHOLM, false), tick());
        projector.on(completed(real), tick());
        assertThat(posture(STOCKHOLM).drills()).extracting(ScopePostureView.Reason::sourceId)
                .as("a real rebind does not settle a failed drill").contains(failedDrill.value());

        RebindId drill = rebind(5);
        projector.on(started(drill, STOCKHOLM, true), tick());
        projector.on(completed(drill), tick());
        assertThat(posture(STOCKHOLM).drills()).extracting(ScopePostureView.Reason::sourceId).containsExactly(killSwitch(3).value());
    }

    @Test
    void theListHoldsOnlyScopesThatAreDegradedFrozenOrPausedInScopeOrder() {
        projector.on(declared(incident(5), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2), tick());
        projector.on(declared(incident(6), IncidentClass.PUBLISH_FAILURE, LOCALITY_SE, Severity.SEV3), tick());
        projector.on(activated(killSwitch(4), KillSwitchKind.AI_LANE, COUNTRY_SE, false), tick());

        List<ScopePostureView> listed = projector.handle(new ListScopePostures());

        assertThat(listed).extracting(ScopePostureView::scope).containsExactly(COUNTRY_SE, STOCKHOLM);
    }

    @Test
    void aRedeliveredEventChangesNothingAndAResetEmptiesTheView() {
        IncidentId incident = incident(7);
        IncidentDeclared declared = declared(incident, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2);
        projector.on(declared, tick());
        projector.on(new IncidentClosed(incident, "done"), tick());
        projector.on(declared, tick());

        assertThat(posture(STOCKHOLM).reasons()).as("a redelivered declaration does not reopen a closed incident").isEmpty();
        assertThat(database.jdbc().queryForObject("select count(*) from posture_source", Long.class)).isEqualTo(1);

        projector.on(declared(incident(8), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2), tick());
        projector.reset();
        assertThat(posture(STOCKHOLM).reasons()).isEmpty();
        assertThat(database.jdbc().queryForObject("select count(*) from posture_source", Long.class)).isZero();
    }

    @Test
    void eventsForSourcesItNeverSawAreIgnored() {
        projector.on(new IncidentClosed(incident(9), "closed"), tick());
        projector.on(new KillSwitchReleased(killSwitch(9), "released"), tick());
        projector.on(new RebindFailed(rebind(9), RebindStep.MANIFEST_PROBE, "x"), tick());

        assertThat(database.jdbc().queryForObject("select count(*) from posture_source", Long.class)).isZero();
    }

    private ScopePostureView posture(Scope scope) {
        return projector.handle(new FindScopePosture(scope));
    }

    private List<List<ScopePostureView.Flag>> flags(Scope scope) {
        return posture(scope).reasons().stream().map(ScopePostureView.Reason::flags).toList();
    }

    static IncidentDeclared declared(IncidentId id, IncidentClass incidentClass, Scope scope, Severity severity) {
        ImpactAssessment impact = ImpactAssessment.nothingKnown();
        return new IncidentDeclared(id, incidentClass, scope, impact, Severity.SEV1, severity, TRIGGER, "seen", T0.plusSeconds(id.hashCode() & 0xff));
    }

    static KillSwitchActivated activated(KillSwitchId id, KillSwitchKind kind, Scope scope, boolean drill) {
        return new KillSwitchActivated(id, kind, scope, "reason", null, drill, T0.plusSeconds(60));
    }

    static RebindStarted started(RebindId id, Scope scope, boolean drill) {
        Instant confirmed = T0.plusSeconds(120 + Integer.parseInt(id.value().substring(id.value().length() - 1)));
        return new RebindStarted(id, scope, null, null, drill, RebindMode.AUTOMATIC, confirmed, confirmed.plusSeconds(900),
                confirmed.plusSeconds(1800));
    }

    static RebindCompleted completed(RebindId id) {
        return new RebindCompleted(id, T0.plusSeconds(300), T0.plusSeconds(400), 180, 280, true, true);
    }

    static IncidentId incident(int n) {
        return IncidentId.of("inc-%012d".formatted(n));
    }

    static KillSwitchId killSwitch(int n) {
        return KillSwitchId.of("ks-%012d".formatted(n));
    }

    static RebindId rebind(int n) {
        return RebindId.of("rb-%012d".formatted(n));
    }
}
