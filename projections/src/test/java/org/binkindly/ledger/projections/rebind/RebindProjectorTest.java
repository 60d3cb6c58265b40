package org.binkindly.ledger.projections.rebind;

import org.assertj.core.groups.Tuple;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.rebind.ActiveManifestRebound;
import org.binkindly.ledger.core.rebind.IntegrityConfirmed;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.ObjectiveBreached;
import org.binkindly.ledger.core.rebind.OverlayDisabled;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindEvent;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.ResolutionProbed;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RebindProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    /** When the bad publish was confirmed; the objective deadlines run from here. */
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final Instant RESTORE_DEADLINE = T0.plus(Duration.ofMinutes(15));
    private static final Instant INTEGRITY_DEADLINE = T0.plus(Duration.ofMinutes(30));
    private static final RebindId REBIND = rebind(1);
    private static final IncidentId INCIDENT = IncidentId.of("inc-0123456789ab");

    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    // Same id, different kind: the locality "x" is not the country "x".
    private static final Scope LOCALITY_X = Scope.parse("locality/x");
    private static final Scope COUNTRY_X = Scope.parse("country/x");

    private static final StoredManifest BAD = manifest(STOCKHOLM, "se-stockholm-2025-03-01T0700", "b1", "b2");
    private static final StoredManifest LKG = manifest(STOCKHOLM, "se-stockholm-2025-02-28T0700", "a1", "a2");
    private static final StoredManifest OLDER = manifest(STOCKHOLM, "se-stockholm-2025-02-20T0700", "c1", "c2");

    private static final String UNVERIFIED = "UNVERIFIED";
    private static final String VERIFIED = "VERIFIED";
    private static final String MISMATCH = "MISMATCH";

    private JdbcTemplate jdbc;
    private RebindProjector projector;

    /** What the event store handed the projector, per rebind, so a test can redeliver or fold it again. */
    private final Map<RebindId, List<Delivery>> delivered = new LinkedHashMap<>();
    private Instant clock = T0;

    private record Delivery(RebindEvent event, String actor, Instant recordedAt, long sequenceNumber) {
    }

    @BeforeEach
    void newProjector() {
        jdbc = database.jdbc();
        projector = new RebindProjector(jdbc, LedgerJson.objectMapper());
    }

    // --- the rebind, step by step -------------------------------------------------------------

    @Test
    void startedRebindShowsItsScopeTargetIncidentDeadlinesAndWhoStartedIt() {
        Delivery start = record("alice", started(REBIND, STOCKHOLM, null));

        RebindView view = find(REBIND);
        RebindView.Rebind rebind = view.rebind();

        assertThat(rebind.rebindId()).isEqualTo(REBIND);
        assertThat(rebind.scope()).isEqualTo(STOCKHOLM);
        assertThat(rebind.targetManifestId()).as("null means: back to last known good").isNull();
        assertThat(rebind.incidentId()).isEqualTo(INCIDENT);
        assertThat(rebind.drill()).isFalse();
        assertThat(rebind.mode()).isEqualTo(RebindMode.AUTOMATIC);
        assertThat(rebind.badPublishConfirmedAt()).isEqualTo(T0);
        assertThat(rebind.restoreDeadline()).isEqualTo(RESTORE_DEADLINE);
        assertThat(rebind.integrityDeadline()).isEqualTo(INTEGRITY_DEADLINE);
        assertThat(rebind.started()).isEqualTo(new Provenance("alice", start.recordedAt()));
        assertThat(rebind.phase()).isEqualTo(RebindState.Phase.STARTED);
        assertThat(rebind.activeBefore()).isNull();
        assertThat(rebind.target()).isNull();
        assertThat(rebind.write()).isNull();
        assertThat(rebind.integrity()).isNull();
        assertThat(rebind.probes()).isEmpty();
        assertThat(rebind.failure()).isNull();
        assertThat(rebind.completion()).isNull();
        assertThat(rebind.breaches()).isEmpty();
        assertThat(view.version()).isZero();
        assertThat(rebindRows()).isEqualTo(1);
    }

    @Test
    void rebindToANamedManifestShowsThatTarget() {
        record("alice", new RebindStarted(REBIND, STOCKHOLM, OLDER.manifestId(), null, true, RebindMode.MANUAL, T0,
                RESTORE_DEADLINE, INTEGRITY_DEADLINE));

        RebindView.Rebind rebind = find(REBIND).rebind();

        assertThat(rebind.targetManifestId()).isEqualTo(OLDER.manifestId());
        assertThat(rebind.drill()).isTrue();
        assertThat(rebind.incidentId()).isNull();
        assertThat(rebind.mode()).isEqualTo(RebindMode.MANUAL);
    }

    @Test
    void manifestProbeShowsTheActiveManifestBeforeTheRebindAndTheTarget() {
        record("alice", started(REBIND, STOCKHOLM, null));

        Delivery probe = record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        RebindView view = find(REBIND);
        assertThat(view.rebind().phase()).isEqualTo(RebindState.Phase.PROBED);
        assertThat(view.rebind().activeBefore()).isEqualTo(BAD);
        assertThat(view.rebind().target()).isEqualTo(LKG);
        assertThat(view.rebind().probed()).isEqualTo(new Provenance("rebind-process", probe.recordedAt()));
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void activeWriteShowsTheWrittenManifestWithTheEtagAndVersionStorageAnswered() {
        record("alice", started(REBIND, STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        Delivery write = record("rebind-process", rebound(REBIND, LKG));

        RebindView view = find(REBIND);
        assertThat(view.rebind().phase()).isEqualTo(RebindState.Phase.REBOUND);
        assertThat(view.rebind().write()).isEqualTo(new RebindView.Write(LKG.manifestId(), LKG.manifestSha256(),
                "\"etag-written\"", "v-0002", new Provenance("rebind-process", write.recordedAt())));
        assertThat(view.rebind().write()).as("restored").isNotNull();
        assertThat(view.rebind().integrity()).as("integrity confirmed").isNull();
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void integrityReadbackShowsTheConfirmedManifestAndPackHashes() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);

        Delivery readback = record("rebind-process", confirmed(REBIND, LKG));

        RebindView view = find(REBIND);
        assertThat(view.rebind().phase()).isEqualTo(RebindState.Phase.VERIFIED);
        assertThat(view.rebind().integrity()).isEqualTo(new RebindView.Integrity(LKG.manifestSha256(), LKG.packSha256(),
                48_213, new Provenance("rebind-process", readback.recordedAt())));
        assertThat(view.rebind().integrity()).as("integrity confirmed").isNotNull();
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void resolutionProbesShowThePostRollbackProbeLog() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);
        record("rebind-process", confirmed(REBIND, LKG));

        record("rebind-process", resolved(REBIND));

        RebindView view = find(REBIND);
        assertThat(view.rebind().probes())
                .extracting(ResolutionProbe::target, ResolutionProbe::url, ResolutionProbe::status, ResolutionProbe::passed)
                .containsExactly(
                        Tuple.tuple(ResolutionProbe.Target.RESOLVER, "https://resolver.example/v1/locality/se-stockholm", 200, true),
                        Tuple.tuple(ResolutionProbe.Target.RULES_API, "https://rules.example/v1/locality/se-stockholm/rules", 200, true));
        assertThat(view.rebind().phase()).as("probes alone do not complete the rebind").isEqualTo(RebindState.Phase.VERIFIED);
        assertThat(view.version()).isEqualTo(4);
    }

    @Test
    void completionShowsTheTimingsAndWhetherEachObjectiveWasMet() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);
        record("rebind-process", confirmed(REBIND, LKG));
        record("rebind-process", resolved(REBIND));

        // Restored in time, but integrity confirmed after its 30 minutes: the flags must not be one flag twice.
        record("rebind-process", new RebindCompleted(REBIND, T0.plus(Duration.ofMinutes(6)), T0.plus(Duration.ofMinutes(31)),
                360, 1_860, true, false));

        RebindView view = find(REBIND);
        assertThat(view.rebind().phase()).isEqualTo(RebindState.Phase.COMPLETED);
        assertThat(view.rebind().completion()).isEqualTo(new RebindView.Completion(T0.plus(Duration.ofMinutes(6)),
                T0.plus(Duration.ofMinutes(31)), 360, 1_860, true, false));
        assertThat(view.rebind().failure()).isNull();
        assertThat(view.version()).isEqualTo(5);
    }

    @Test
    void disabledOverlayShowsWhoDisabledItAndWhy() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);

        Delivery overlay = record("bob", new OverlayDisabled(REBIND, "locality overlay carries the wrong glass rules"));

        RebindView view = find(REBIND);
        assertThat(view.rebind().overlayDisabled()).isEqualTo(new Provenance("bob", overlay.recordedAt()));
        assertThat(view.rebind().overlayReason()).isEqualTo("locality overlay carries the wrong glass rules");
        assertThat(view.rebind().phase()).as("the overlay is beside the checklist").isEqualTo(RebindState.Phase.REBOUND);
    }

    @Test
    void failureShowsTheStepThatFailedAndWhy() {
        record("alice", started(REBIND, STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        Delivery failure = record("rebind-process", new RebindFailed(REBIND, RebindStep.ACTIVE_WRITE,
                "the active manifest changed since it was probed; nothing was overwritten"));

        RebindView view = find(REBIND);
        assertThat(view.rebind().phase()).isEqualTo(RebindState.Phase.FAILED);
        assertThat(view.rebind().failure()).isEqualTo(new RebindView.Failure(RebindStep.ACTIVE_WRITE,
                "the active manifest changed since it was probed; nothing was overwritten",
                new Provenance("rebind-process", failure.recordedAt())));
        assertThat(view.rebind().write()).isNull();
        assertThat(view.rebind().completion()).isNull();
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void breachedObjectivesShowWithTheirDeadlines() {
        record("alice", started(REBIND, STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        record("deadline", new ObjectiveBreached(REBIND, Objective.RESTORE, RESTORE_DEADLINE));
        assertThat(find(REBIND).rebind().breaches()).containsOnly(Map.entry(Objective.RESTORE, RESTORE_DEADLINE));

        record("deadline", new ObjectiveBreached(REBIND, Objective.INTEGRITY, INTEGRITY_DEADLINE));
        RebindView view = find(REBIND);
        assertThat(view.rebind().breaches()).containsOnly(Map.entry(Objective.RESTORE, RESTORE_DEADLINE),
                Map.entry(Objective.INTEGRITY, INTEGRITY_DEADLINE));
        assertThat(view.rebind().phase()).as("a breach is recorded, it does not end the rebind").isEqualTo(RebindState.Phase.PROBED);
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void viewAgreesWithAnIndependentFoldAfterEveryEventOfACompletedRebind() {
        assertAgreesWithTheFoldAfterEach(REBIND, List.of(
                started(REBIND, STOCKHOLM, null),
                new ManifestProbed(REBIND, BAD, LKG),
                new OverlayDisabled(REBIND, "overlay serves the bad rules; baseline is truthful"),
                rebound(REBIND, LKG),
                new ObjectiveBreached(REBIND, Objective.RESTORE, RESTORE_DEADLINE),
                confirmed(REBIND, LKG),
                resolved(REBIND),
                new RebindCompleted(REBIND, T0.plus(Duration.ofMinutes(16)), T0.plus(Duration.ofMinutes(20)), 960, 1_200,
                        false, true)));
    }

    @Test
    void viewAgreesWithAnIndependentFoldAfterEveryEventOfAFailedRebind() {
        assertAgreesWithTheFoldAfterEach(REBIND, List.of(
                new RebindStarted(REBIND, STOCKHOLM, OLDER.manifestId(), INCIDENT, false, RebindMode.MANUAL, T0,
                        RESTORE_DEADLINE, INTEGRITY_DEADLINE),
                new ManifestProbed(REBIND, BAD, OLDER),
                rebound(REBIND, OLDER),
                new RebindFailed(REBIND, RebindStep.INTEGRITY_READBACK, "pack hashes to 00ff but the manifest declares c2c2"),
                new ObjectiveBreached(REBIND, Objective.INTEGRITY, INTEGRITY_DEADLINE),
                new OverlayDisabled(REBIND, "serve baseline-only until the pack is repaired")));
    }

    @Test
    void unknownRebindIsNotFound() {
        record("alice", started(REBIND, STOCKHOLM, null));

        assertThat(projector.handle(new FindRebind(rebind(0xdead)))).isEmpty();
        assertThat(projector.handle(new FindRebind(REBIND))).isPresent();
    }

    // --- listing ------------------------------------------------------------------------------

    @Test
    void listForAScopeMatchesBothItsKindAndItsId() {
        recordAt(T0.plusSeconds(60), started(rebind(1), LOCALITY_X, null));
        recordAt(T0.plusSeconds(120), started(rebind(2), COUNTRY_X, null));
        recordAt(T0.plusSeconds(180), started(rebind(3), STOCKHOLM, null));
        recordAt(T0.plusSeconds(240), started(rebind(4), LOCALITY_X, null));

        assertThat(list(LOCALITY_X, 10)).containsExactly(rebind(4), rebind(1));
        assertThat(list(COUNTRY_X, 10)).containsExactly(rebind(2));
        assertThat(list(STOCKHOLM, 10)).containsExactly(rebind(3));
        assertThat(list(Scope.parse("baseline/x"), 10)).isEmpty();
        assertThat(list(null, 10)).containsExactly(rebind(4), rebind(3), rebind(2), rebind(1));
    }

    @Test
    void listIsNewestStartFirst() {
        // Delivered in an order that is neither the start order nor the id order.
        recordAt(T0.plus(Duration.ofMinutes(10)), started(rebind(1), STOCKHOLM, null));
        recordAt(T0.plus(Duration.ofMinutes(1)), started(rebind(2), STOCKHOLM, null));
        recordAt(T0.plus(Duration.ofMinutes(5)), started(rebind(3), STOCKHOLM, null));

        assertThat(list(null, 10)).containsExactly(rebind(1), rebind(3), rebind(2));
        assertThat(list(STOCKHOLM, 10)).containsExactly(rebind(1), rebind(3), rebind(2));
    }

    @Test
    void listHonoursTheLimitKeepingTheNewest() {
        for (int n = 1; n <= 5; n++) {
            recordAt(T0.plus(Duration.ofMinutes(n)), started(rebind(n), n == 3 ? COUNTRY_X : LOCALITY_X, null));
        }

        assertThat(list(null, 2)).containsExactly(rebind(5), rebind(4));
        assertThat(list(LOCALITY_X, 3)).containsExactly(rebind(5), rebind(4), rebind(2));
        assertThat(list(LOCALITY_X, 1)).containsExactly(rebind(5));
        assertThat(list(COUNTRY_X, 2)).containsExactly(rebind(3));
        assertThat(list(null, 0)).isEmpty();
    }

    @Test
    void listedRebindsAreTheSameViewsAsFound() {
        rebindUpToWrite(rebind(1), STOCKHOLM, BAD, LKG);
        record("rebind-process", new RebindFailed(rebind(1), RebindStep.INTEGRITY_READBACK, "readback failed: timeout"));
        record("alice", started(rebind(2), STOCKHOLM, null));

        List<RebindView> listed = projector.handle(new ListRebinds(STOCKHOLM, 10));

        assertThat(listed).hasSize(2);
        assertThat(listed.get(0)).usingRecursiveComparison().isEqualTo(find(rebind(2)));
        assertThat(listed.get(1)).usingRecursiveComparison().isEqualTo(find(rebind(1)));
        assertThat(listed.get(1).rebind().failure().step()).isEqualTo(RebindStep.INTEGRITY_READBACK);
    }

    // --- the active manifest of a scope -------------------------------------------------------

    @Test
    void beforeAnyProbeTheScopeHasNoActiveManifestOnRecord() {
        record("alice", started(REBIND, STOCKHOLM, null));

        assertThat(projector.handle(new FindActiveManifest(STOCKHOLM))).isEmpty();
    }

    @Test
    void probeOfALastKnownGoodRebindShowsTheActiveManifestBeforeAndTheLastKnownGoodUnverified() {
        record("alice", started(REBIND, STOCKHOLM, null));

        Delivery probe = record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.scope()).isEqualTo(STOCKHOLM);
        assertThat(view.active()).as("still the bad publish: nothing was written yet").isEqualTo(summary(BAD));
        assertThat(view.lastKnownGood()).isEqualTo(summary(LKG));
        assertThat(view.lastRebindId()).isEqualTo(REBIND.value());
        assertThat(view.lastRebindPhase()).isEqualTo("PROBED");
        assertThat(view.integrity()).isEqualTo(UNVERIFIED);
        assertThat(view.updatedAt()).isEqualTo(probe.recordedAt());
    }

    @Test
    void probeOfARebindToANamedManifestDoesNotCallThatManifestTheLastKnownGood() {
        record("alice", started(REBIND, STOCKHOLM, OLDER.manifestId()));

        record("rebind-process", new ManifestProbed(REBIND, BAD, OLDER));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.active()).isEqualTo(summary(BAD));
        assertThat(view.lastKnownGood()).isNull();
        assertThat(view.integrity()).isEqualTo(UNVERIFIED);
    }

    @Test
    void probeOfARebindToANamedManifestKeepsTheLastKnownGoodAlreadyOnRecord() {
        completeRebind(rebind(1), STOCKHOLM, BAD, LKG);
        record("alice", started(rebind(2), STOCKHOLM, OLDER.manifestId()));

        record("rebind-process", new ManifestProbed(rebind(2), LKG, OLDER));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.active()).isEqualTo(summary(LKG));
        assertThat(view.lastKnownGood()).isEqualTo(summary(LKG));
        assertThat(view.lastRebindId()).isEqualTo(rebind(2).value());
    }

    @Test
    void activeWriteMakesTheTargetTheActiveManifestStillUnverified() {
        record("alice", started(REBIND, STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        Delivery write = record("rebind-process", rebound(REBIND, LKG));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.active()).isEqualTo(summary(LKG));
        assertThat(view.lastKnownGood()).isEqualTo(summary(LKG));
        assertThat(view.lastRebindPhase()).isEqualTo("REBOUND");
        assertThat(view.integrity()).as("written is not read back").isEqualTo(UNVERIFIED);
        assertThat(view.updatedAt()).isEqualTo(write.recordedAt());
    }

    @Test
    void activeWriteToANamedManifestMakesThatManifestActive() {
        record("alice", started(REBIND, STOCKHOLM, OLDER.manifestId()));
        record("rebind-process", new ManifestProbed(REBIND, BAD, OLDER));

        record("rebind-process", rebound(REBIND, OLDER));

        assertThat(active(STOCKHOLM).active()).isEqualTo(summary(OLDER));
        assertThat(active(STOCKHOLM).lastKnownGood()).isNull();
    }

    @Test
    void integrityConfirmationMarksTheActiveManifestVerified() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);

        Delivery readback = record("rebind-process", confirmed(REBIND, LKG));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.integrity()).isEqualTo(VERIFIED);
        assertThat(view.active()).isEqualTo(summary(LKG));
        assertThat(view.lastRebindPhase()).isEqualTo("VERIFIED");
        assertThat(view.updatedAt()).isEqualTo(readback.recordedAt());
    }

    @Test
    void failedIntegrityReadbackMarksTheActiveManifestMismatched() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);

        record("rebind-process", new RebindFailed(REBIND, RebindStep.INTEGRITY_READBACK,
                "the active manifest reads back as ffff, not the target's a1a1"));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.integrity()).isEqualTo(MISMATCH);
        assertThat(view.active()).as("the write happened; what it wrote is in doubt").isEqualTo(summary(LKG));
        assertThat(view.lastRebindId()).isEqualTo(REBIND.value());
        assertThat(view.lastRebindPhase()).isEqualTo("FAILED");
    }

    @Test
    void failedActiveWriteLeavesTheProbedManifestActiveAndUnverified() {
        record("alice", started(REBIND, STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(REBIND, BAD, LKG));

        record("rebind-process", new RebindFailed(REBIND, RebindStep.ACTIVE_WRITE, "storage refused or failed the write"));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.active()).isEqualTo(summary(BAD));
        assertThat(view.integrity()).isEqualTo(UNVERIFIED);
        assertThat(view.lastRebindPhase()).isEqualTo("FAILED");
    }

    @Test
    void failedResolutionProbesLeaveTheConfirmedIntegrityVerified() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);
        record("rebind-process", confirmed(REBIND, LKG));

        record("rebind-process", new RebindFailed(REBIND, RebindStep.RESOLUTION_PROBES,
                "RESOLVER https://resolver.example/v1/locality/se-stockholm answered 503"));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.integrity()).isEqualTo(VERIFIED);
        assertThat(view.lastRebindPhase()).isEqualTo("FAILED");
    }

    @Test
    void completionShowsAsTheLastRebindPhaseWithIntegrityStillVerified() {
        Delivery completion = completeRebind(REBIND, STOCKHOLM, BAD, LKG);

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.lastRebindPhase()).isEqualTo("COMPLETED");
        assertThat(view.integrity()).isEqualTo(VERIFIED);
        assertThat(view.active()).isEqualTo(summary(LKG));
        assertThat(view.updatedAt()).isEqualTo(completion.recordedAt());
    }

    @Test
    void aLaterRebindOfTheSameScopeReplacesTheLastRebind() {
        completeRebind(rebind(1), STOCKHOLM, BAD, LKG);
        StoredManifest worse = manifest(STOCKHOLM, "se-stockholm-2025-03-02T0700", "d1", "d2");
        record("alice", started(rebind(2), STOCKHOLM, null));

        record("rebind-process", new ManifestProbed(rebind(2), worse, LKG));

        ActiveManifestView view = active(STOCKHOLM);
        assertThat(view.lastRebindId()).isEqualTo(rebind(2).value());
        assertThat(view.lastRebindPhase()).isEqualTo("PROBED");
        assertThat(view.active()).isEqualTo(summary(worse));
        assertThat(view.integrity()).as("the earlier readback says nothing about what is active now").isEqualTo(UNVERIFIED);

        record("rebind-process", rebound(rebind(2), LKG));
        record("rebind-process", confirmed(rebind(2), LKG));
        assertThat(active(STOCKHOLM).lastRebindId()).isEqualTo(rebind(2).value());
        assertThat(active(STOCKHOLM).integrity()).isEqualTo(VERIFIED);
    }

    @Test
    void aLateFactOfAnEarlierRebindDoesNotMoveTheLaterRebindsPhase() {
        record("alice", started(rebind(1), STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(rebind(1), BAD, LKG));
        record("rebind-process", new RebindFailed(rebind(1), RebindStep.ACTIVE_WRITE, "storage refused or failed the write"));
        record("alice", started(rebind(2), STOCKHOLM, null));
        record("rebind-process", new ManifestProbed(rebind(2), BAD, LKG));
        ActiveManifestView before = active(STOCKHOLM);

        // The first rebind's restore deadline fires after the second one has probed.
        record("deadline", new ObjectiveBreached(rebind(1), Objective.RESTORE, RESTORE_DEADLINE));
        record("bob", new OverlayDisabled(rebind(1), "baseline-only while the second rebind runs"));

        assertThat(active(STOCKHOLM)).isEqualTo(before);
        assertThat(find(rebind(1)).rebind().breaches()).containsOnlyKeys(Objective.RESTORE);
    }

    @Test
    void scopesWithTheSameIdButDifferentKindsKeepTheirOwnActiveManifest() {
        StoredManifest localityBad = manifest(LOCALITY_X, "x-locality-bad", "e1", "e2");
        StoredManifest localityLkg = manifest(LOCALITY_X, "x-locality-lkg", "e3", "e4");
        StoredManifest countryBad = manifest(COUNTRY_X, "x-country-bad", "f1", "f2");
        StoredManifest countryLkg = manifest(COUNTRY_X, "x-country-lkg", "f3", "f4");
        completeRebind(rebind(1), LOCALITY_X, localityBad, localityLkg);
        record("alice", started(rebind(2), COUNTRY_X, null));
        record("rebind-process", new ManifestProbed(rebind(2), countryBad, countryLkg));

        ActiveManifestView locality = active(LOCALITY_X);
        ActiveManifestView country = active(COUNTRY_X);
        assertThat(locality.scope()).isEqualTo(LOCALITY_X);
        assertThat(locality.active()).isEqualTo(summary(localityLkg));
        assertThat(locality.lastRebindId()).isEqualTo(rebind(1).value());
        assertThat(locality.lastRebindPhase()).isEqualTo("COMPLETED");
        assertThat(locality.integrity()).isEqualTo(VERIFIED);
        assertThat(country.scope()).isEqualTo(COUNTRY_X);
        assertThat(country.active()).isEqualTo(summary(countryBad));
        assertThat(country.lastKnownGood()).isEqualTo(summary(countryLkg));
        assertThat(country.lastRebindId()).isEqualTo(rebind(2).value());
        assertThat(country.integrity()).isEqualTo(UNVERIFIED);
    }

    @Test
    void unknownScopeHasNoActiveManifest() {
        completeRebind(REBIND, STOCKHOLM, BAD, LKG);

        assertThat(projector.handle(new FindActiveManifest(Scope.parse("locality/se-uppsala")))).isEmpty();
        assertThat(projector.handle(new FindActiveManifest(Scope.parse("country/se-stockholm")))).isEmpty();
        assertThat(projector.handle(new FindActiveManifest(STOCKHOLM))).isPresent();
    }

    // --- redelivery, reset and replay ---------------------------------------------------------

    @Test
    void redeliveredEventsChangeNothing() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);
        record("bob", new OverlayDisabled(REBIND, "baseline-only while the pack is checked"));
        record("rebind-process", confirmed(REBIND, LKG));
        record("rebind-process", resolved(REBIND));
        record("deadline", new ObjectiveBreached(REBIND, Objective.INTEGRITY, INTEGRITY_DEADLINE));
        record("rebind-process", new RebindCompleted(REBIND, T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(31)),
                300, 1_860, true, false));
        RebindView rebindBefore = find(REBIND);
        ActiveManifestView activeBefore = active(STOCKHOLM);

        for (Delivery delivery : List.copyOf(delivered.get(REBIND))) {
            // A redelivery carries the same event; a later actor or clock must not rewrite history either.
            projector.on(delivery.event(), "mallory", delivery.recordedAt().plusSeconds(999), delivery.sequenceNumber());

            assertThat(find(REBIND)).as("after redelivering %s", delivery.event().getClass().getSimpleName())
                    .usingRecursiveComparison().isEqualTo(rebindBefore);
            assertThat(active(STOCKHOLM)).as("after redelivering %s", delivery.event().getClass().getSimpleName())
                    .isEqualTo(activeBefore);
        }
        assertThat(find(REBIND).rebind().started().actor()).isEqualTo("alice");
        assertThat(find(REBIND).rebind().phase()).isEqualTo(RebindState.Phase.COMPLETED);
        assertThat(find(REBIND).rebind().probes()).hasSize(2);
        assertThat(find(REBIND).version()).isEqualTo(7);
        assertThat(rebindRows()).isEqualTo(1);
        assertThat(activeRows()).isEqualTo(1);
    }

    @Test
    void anEarlierProbeRedeliveredAfterTheReadbackDoesNotUnverifyTheActiveManifest() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);
        record("rebind-process", confirmed(REBIND, LKG));
        Delivery probe = delivered.get(REBIND).get(1);

        projector.on(probe.event(), probe.actor(), probe.recordedAt(), probe.sequenceNumber());

        assertThat(active(STOCKHOLM).active()).isEqualTo(summary(LKG));
        assertThat(active(STOCKHOLM).integrity()).isEqualTo(VERIFIED);
        assertThat(find(REBIND).rebind().phase()).isEqualTo(RebindState.Phase.VERIFIED);
        assertThat(find(REBIND).version()).isEqualTo(3);
    }

    @Test
    void resetEmptiesTheRebindAndActiveManifestViews() {
        completeRebind(rebind(1), STOCKHOLM, BAD, LKG);
        record("alice", started(rebind(2), COUNTRY_X, null));
        record("rebind-process", new ManifestProbed(rebind(2), manifest(COUNTRY_X, "x-bad", "e1", "e2"),
                manifest(COUNTRY_X, "x-lkg", "e3", "e4")));
        assertThat(rebindRows()).isEqualTo(2);
        assertThat(activeRows()).isEqualTo(2);

        projector.reset();

        assertThat(rebindRows()).isZero();
        assertThat(activeRows()).isZero();
        assertThat(projector.handle(new FindRebind(rebind(1)))).isEmpty();
        assertThat(projector.handle(new ListRebinds(null, 10))).isEmpty();
        assertThat(projector.handle(new FindActiveManifest(STOCKHOLM))).isEmpty();
        assertThat(projector.handle(new FindActiveManifest(COUNTRY_X))).isEmpty();
    }

    @Test
    void replayAfterResetRebuildsTheSameViews() {
        completeRebind(rebind(1), STOCKHOLM, BAD, LKG);
        record("alice", started(rebind(2), STOCKHOLM, OLDER.manifestId()));
        record("rebind-process", new ManifestProbed(rebind(2), LKG, OLDER));
        record("rebind-process", new RebindFailed(rebind(2), RebindStep.ACTIVE_WRITE, "conflict"));
        List<RebindView> rebindsBefore = projector.handle(new ListRebinds(null, 10));
        ActiveManifestView activeBefore = active(STOCKHOLM);

        projector.reset();
        List<Delivery> log = delivered.values().stream().flatMap(List::stream)
                .sorted((a, b) -> a.recordedAt().compareTo(b.recordedAt())).toList();
        log.forEach(this::deliver);

        assertThat(projector.handle(new ListRebinds(null, 10))).usingRecursiveComparison().isEqualTo(rebindsBefore);
        assertThat(active(STOCKHOLM)).isEqualTo(activeBefore);
    }

    @Test
    void theObjectiveColumnsTheMetricsReadFollowTheRebindAndARebuildRefillsThem() {
        rebindUpToWrite(REBIND, STOCKHOLM, BAD, LKG);
        assertThat(objectiveColumns(REBIND)).containsExactly(null, null, null, null, null, false);
        record("deadline", new ObjectiveBreached(REBIND, Objective.INTEGRITY, INTEGRITY_DEADLINE));
        record("rebind-process", confirmed(REBIND, LKG));
        record("rebind-process", new RebindCompleted(REBIND, T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(31)),
                300, 1_860, true, false));
        record("alice", started(rebind(2), COUNTRY_X, null));
        List<Object> completed = List.of(true, false, 300L, 1_860L, T0.plus(Duration.ofMinutes(31)), true);
        assertThat(objectiveColumns(REBIND)).containsExactlyElementsOf(completed);
        assertThat(objectiveColumns(rebind(2))).containsExactly(null, null, null, null, null, false);

        projector.reset();
        delivered.values().stream().flatMap(List::stream)
                .sorted((a, b) -> a.recordedAt().compareTo(b.recordedAt())).forEach(this::deliver);

        assertThat(objectiveColumns(REBIND)).containsExactlyElementsOf(completed);
        assertThat(objectiveColumns(rebind(2))).containsExactly(null, null, null, null, null, false);
    }

    private List<Object> objectiveColumns(RebindId id) {
        return jdbc.queryForObject("""
                select restore_objective_met, integrity_objective_met, restore_seconds, integrity_seconds, verified_at,
                       objective_breached
                from rebind_view where rebind_id = ?""", (rs, row) -> {
            java.sql.Timestamp verifiedAt = rs.getTimestamp(5);
            return java.util.Arrays.asList(rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4),
                    verifiedAt == null ? null : verifiedAt.toInstant(), rs.getObject(6));
        }, id.value());
    }

    // --- helpers ------------------------------------------------------------------------------

    private static RebindId rebind(int n) {
        return RebindId.of("rb-%012x".formatted(n));
    }

    /** A manifest as storage would answer it; {@code m} and {@code p} seed its manifest and pack hashes. */
    private static StoredManifest manifest(Scope scope, String manifestId, String m, String p) {
        return new StoredManifest(manifestId, scope, "packs/" + scope + "/" + manifestId + ".pack", p.repeat(32),
                T0.minus(Duration.ofDays(1)), m.repeat(32), "\"etag-" + manifestId + "\"");
    }

    private static ActiveManifestView.Manifest summary(StoredManifest manifest) {
        return new ActiveManifestView.Manifest(manifest.manifestId(), manifest.manifestSha256(), manifest.packSha256());
    }

    private static RebindStarted started(RebindId id, Scope scope, String targetManifestId) {
        return new RebindStarted(id, scope, targetManifestId, INCIDENT, false, RebindMode.AUTOMATIC, T0, RESTORE_DEADLINE,
                INTEGRITY_DEADLINE);
    }

    private static ActiveManifestRebound rebound(RebindId id, StoredManifest target) {
        return new ActiveManifestRebound(id, target.manifestId(), target.manifestSha256(), "\"etag-written\"", "v-0002");
    }

    private static IntegrityConfirmed confirmed(RebindId id, StoredManifest target) {
        return new IntegrityConfirmed(id, target.manifestSha256(), target.packSha256(), 48_213);
    }

    private static ResolutionProbed resolved(RebindId id) {
        return new ResolutionProbed(id, List.of(
                new ResolutionProbe(ResolutionProbe.Target.RESOLVER, "https://resolver.example/v1/locality/se-stockholm",
                        200, 41, true, "manifest resolves to the last known good"),
                new ResolutionProbe(ResolutionProbe.Target.RULES_API, "https://rules.example/v1/locality/se-stockholm/rules",
                        200, 87, true, null)), true);
    }

    private void rebindUpToWrite(RebindId id, Scope scope, StoredManifest active, StoredManifest target) {
        record("alice", started(id, scope, null));
        record("rebind-process", new ManifestProbed(id, active, target));
        record("rebind-process", rebound(id, target));
    }

    private Delivery completeRebind(RebindId id, Scope scope, StoredManifest active, StoredManifest target) {
        rebindUpToWrite(id, scope, active, target);
        record("rebind-process", confirmed(id, target));
        record("rebind-process", resolved(id));
        return record("rebind-process", new RebindCompleted(id, clock.minusSeconds(120), clock.minusSeconds(60), 180, 240,
                true, true));
    }

    private void assertAgreesWithTheFoldAfterEach(RebindId id, List<RebindEvent> script) {
        RebindState previous = null;
        for (RebindEvent event : script) {
            record("bob", event);

            RebindState fold = fold(id);
            RebindView view = find(id);
            // the view's own records mirror the fold field by field
            assertThat(view.rebind()).as("after %s", event.getClass().getSimpleName())
                    .usingRecursiveComparison().isEqualTo(fold);
            if (previous != null) {
                // Keeps the comparison honest: every event leaves a trace the comparison can see.
                assertThat(view.rebind()).as("after %s, compared with before it", event.getClass().getSimpleName())
                        .usingRecursiveComparison().ignoringFields("version").isNotEqualTo(previous);
            }
            previous = fold;
            assertThat(view.version()).isEqualTo(fold.version());
            assertThat(view.rebind().phase()).isEqualTo(fold.phase());
        }
    }

    private Delivery record(String actor, RebindEvent event) {
        clock = clock.plusSeconds(60);
        return recordAt(actor, clock, event);
    }

    private Delivery recordAt(Instant recordedAt, RebindEvent event) {
        return recordAt("alice", recordedAt, event);
    }

    private Delivery recordAt(String actor, Instant recordedAt, RebindEvent event) {
        List<Delivery> history = delivered.computeIfAbsent(event.rebindId(), id -> new ArrayList<>());
        Delivery delivery = new Delivery(event, actor, recordedAt, history.size());
        history.add(delivery);
        deliver(delivery);
        return delivery;
    }

    private void deliver(Delivery delivery) {
        projector.on(delivery.event(), delivery.actor(), delivery.recordedAt(), delivery.sequenceNumber());
    }

    /** The shared fold over what was delivered, independent of anything the projector stored. */
    private RebindState fold(RebindId id) {
        List<Delivery> history = delivered.get(id);
        Delivery first = history.get(0);
        RebindState state = RebindState.startedBy((RebindStarted) first.event(),
                new Provenance(first.actor(), first.recordedAt()), first.sequenceNumber());
        for (Delivery delivery : history.subList(1, history.size())) {
            state = state.apply(delivery.event(), new Provenance(delivery.actor(), delivery.recordedAt()),
                    delivery.sequenceNumber());
        }
        return state;
    }

    private RebindView find(RebindId id) {
        return projector.handle(new FindRebind(id)).orElseThrow();
    }

    private ActiveManifestView active(Scope scope) {
        return projector.handle(new FindActiveManifest(scope)).orElseThrow();
    }

    private List<RebindId> list(Scope scope, int limit) {
        return projector.handle(new ListRebinds(scope, limit)).stream().map(view -> view.rebind().rebindId()).toList();
    }

    private int rebindRows() {
        Integer count = jdbc.queryForObject("select count(*) from rebind_view", Integer.class);
        return count == null ? 0 : count;
    }

    private int activeRows() {
        Integer count = jdbc.queryForObject("select count(*) from active_manifest_view", Integer.class);
        return count == null ? 0 : count;
    }
}
