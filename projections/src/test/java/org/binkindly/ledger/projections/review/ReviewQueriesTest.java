package org.binkindly.ledger.projections.review;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.incident.ContainmentActionRecorded;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.RecurrenceFlagged;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.incident.VerificationRecorded;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.rebind.ActiveManifestRebound;
import org.binkindly.ledger.core.rebind.IntegrityConfirmed;
import org.binkindly.ledger.core.rebind.ManifestProbed;
import org.binkindly.ledger.core.rebind.Objective;
import org.binkindly.ledger.core.rebind.ObjectiveBreached;
import org.binkindly.ledger.core.rebind.RebindCompleted;
import org.binkindly.ledger.core.rebind.RebindFailed;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindStep;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.ResolutionProbed;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Events through the real incident, kill-switch and rebind projectors into PostgreSQL; review answers out. */
class ReviewQueriesTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant T0 = Instant.parse("2026-05-04T02:00:00Z");
    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    private static final Scope MALMO = Scope.parse("locality/se-malmo");
    private static final IncidentId BAD_PUBLISH = IncidentId.of("inc-0000000000a1");
    private static final IncidentId OUTAGE = IncidentId.of("inc-0000000000b1");
    private static final IncidentId OUTAGE_AGAIN = IncidentId.of("inc-0000000000b2");
    private static final RebindId REBIND = RebindId.of("rb-0000000000a1");
    private static final RebindId SLOW_DRILL = RebindId.of("rb-0000000000d1");
    private static final RebindId FAILED = RebindId.of("rb-0000000000e1");

    private final Map<String, Long> sequences = new HashMap<>();
    private AnnotationEventHandlerAdapter incidents;
    private AnnotationEventHandlerAdapter killSwitches;
    private AnnotationEventHandlerAdapter rebinds;
    private ReviewQueries reviews;

    @BeforeEach
    void projectors() {
        incidents = new AnnotationEventHandlerAdapter(new IncidentViewProjector(database.jdbc(), LedgerJson.objectMapper()));
        killSwitches = new AnnotationEventHandlerAdapter(new KillSwitchProjector(database.jdbc(), LedgerJson.objectMapper()));
        rebinds = new AnnotationEventHandlerAdapter(new RebindProjector(database.jdbc(), LedgerJson.objectMapper()));
        reviews = new ReviewQueries(database.jdbc(), LedgerJson.objectMapper());
    }

    @Test
    void aContainedAndRestoredBadPublishMeasuresFromDetectionToTheEarliestEvidence() throws Exception {
        badPublishContainedByKillSwitchAndRebind();

        IncidentReviewsView view = reviews.handle(new ListIncidentReviews(null, null, null, null, 100));

        IncidentReviewsView.IncidentReview review = view.incidents().get(0);
        assertThat(review.incidentId()).isEqualTo(BAD_PUBLISH);
        // the kill switch (T0+3m) came before the containment action (T0+5m) and the rebind's write (T0+8m)
        assertThat(review.firstContainmentAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(review.timeToFirstContainmentSeconds()).isEqualTo(180);
        // the rebind restored the safe manifest (T0+8m) before the passed verification (T0+20m)
        assertThat(review.restoredAt()).isEqualTo(T0.plus(Duration.ofMinutes(8)));
        assertThat(review.timeToRestoreSeconds()).isEqualTo(480);
        assertThat(review.rollbackObjective()).isEqualTo(IncidentReviewsView.RollbackObjective.MET);
        assertThat(view.timeToFirstContainment()).isEqualTo(new IncidentReviewsView.Durations(1, 180L, 180L));
    }

    @Test
    void incidentsAreCountedByClassScopeAndPeriodAndRecurrencesAreGrouped() throws Exception {
        badPublishContainedByKillSwitchAndRebind();
        declare(OUTAGE, IncidentClass.SOURCE_OUTAGE, MALMO, T0.plus(Duration.ofHours(1)));
        declare(OUTAGE_AGAIN, IncidentClass.SOURCE_OUTAGE, MALMO, T0.plus(Duration.ofHours(2)));
        incident(OUTAGE_AGAIN, new RecurrenceFlagged(OUTAGE_AGAIN, List.of(OUTAGE), 7), T0.plus(Duration.ofHours(2)));

        IncidentReviewsView all = reviews.handle(new ListIncidentReviews(null, null, null, null, 100));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.byClass()).containsExactly(Map.entry(IncidentClass.SOURCE_OUTAGE, 2), Map.entry(IncidentClass.BAD_PUBLISH, 1));
        assertThat(all.byScope()).containsExactly(Map.entry("locality/se-malmo", 2), Map.entry("locality/se-stockholm", 1));
        assertThat(all.rollbackObjective()).containsEntry(IncidentReviewsView.RollbackObjective.NOT_APPLICABLE, 2)
                .containsEntry(IncidentReviewsView.RollbackObjective.MET, 1);
        assertThat(all.incidents()).extracting(IncidentReviewsView.IncidentReview::incidentId)
                .as("newest first").containsExactly(OUTAGE_AGAIN, OUTAGE, BAD_PUBLISH);

        IncidentReviewsView window = reviews.handle(new ListIncidentReviews(IncidentClass.SOURCE_OUTAGE, MALMO,
                T0.plus(Duration.ofMinutes(90)), T0.plus(Duration.ofHours(3)), 100));
        assertThat(window.incidents()).extracting(IncidentReviewsView.IncidentReview::incidentId).containsExactly(OUTAGE_AGAIN);
        assertThat(window.incidents().get(0).timeToFirstContainmentSeconds()).isNull();

        RecurrencesView recurrences = reviews.handle(new ListRecurrences(null, null, null));
        assertThat(recurrences.recurrences()).hasSize(1);
        RecurrencesView.Recurrence recurrence = recurrences.recurrences().get(0);
        assertThat(recurrence.incidentClass()).isEqualTo(IncidentClass.SOURCE_OUTAGE);
        assertThat(recurrence.scope()).isEqualTo(MALMO);
        assertThat(recurrence.flagged()).isEqualTo(1);
        assertThat(recurrence.incidents()).extracting(RecurrencesView.Occurrence::incidentId).containsExactly(OUTAGE, OUTAGE_AGAIN);
    }

    @Test
    void rollbacksAreMetMissedOrFailedAndOnlyAMetDrillProvesTheObjective() throws Exception {
        badPublishContainedByKillSwitchAndRebind();
        rebind(SLOW_DRILL, STOCKHOLM, null, true, T0.plus(Duration.ofHours(3)), Duration.ofMinutes(20));
        started(FAILED, MALMO, null, false, T0.plus(Duration.ofHours(4)));
        rebindEvent(FAILED, new RebindFailed(FAILED, RebindStep.MANIFEST_PROBE, "storage unreachable"), T0.plus(Duration.ofHours(4)));

        RollbackReviewsView all = reviews.handle(new ListRollbackReviews(null, null, null, null, 100));
        assertThat(all.rebinds()).extracting(RollbackReviewsView.RollbackReview::rebindId).containsExactly(FAILED, SLOW_DRILL, REBIND);
        assertThat(all.rebinds()).extracting(RollbackReviewsView.RollbackReview::outcome).containsExactly(
                RollbackReviewsView.Outcome.FAILED, RollbackReviewsView.Outcome.MISSED, RollbackReviewsView.Outcome.MET);
        assertThat(all.rebinds().get(1).breaches()).containsExactly("RESTORE deadline " + T0.plus(Duration.ofHours(3)).plus(Objective.RESTORE.within()));
        assertThat(all.objectiveProvenByDrill()).as("the only drill missed the objective").isFalse();

        RollbackReviewsView drills = reviews.handle(new ListRollbackReviews(STOCKHOLM, true, null, null, 100));
        assertThat(drills.rebinds()).extracting(RollbackReviewsView.RollbackReview::rebindId).containsExactly(SLOW_DRILL);

        RebindId quickDrill = RebindId.of("rb-0000000000d2");
        rebind(quickDrill, STOCKHOLM, null, true, T0.plus(Duration.ofHours(5)), Duration.ofMinutes(2));
        assertThat(reviews.handle(new ListRollbackReviews(null, true, null, null, 100)).objectiveProvenByDrill()).isTrue();
    }

    // --- a history -------------------------------------------------------------------------------

    private void badPublishContainedByKillSwitchAndRebind() throws Exception {
        declare(BAD_PUBLISH, IncidentClass.BAD_PUBLISH, STOCKHOLM, T0);
        KillSwitchId killSwitch = KillSwitchId.of("ks-0000000000a1");
        handle(killSwitches, "KillSwitch", killSwitch.value(), new KillSwitchActivated(killSwitch, KillSwitchKind.BAD_PACK, STOCKHOLM,
                "v2 is wrong", BAD_PUBLISH, false, T0.plus(Duration.ofMinutes(3))), T0.plus(Duration.ofMinutes(3)));
        incident(BAD_PUBLISH, new ContainmentActionRecorded(BAD_PUBLISH, "paused promotion", T0.plus(Duration.ofMinutes(5))),
                T0.plus(Duration.ofMinutes(6)));
        rebind(REBIND, STOCKHOLM, BAD_PUBLISH, false, T0.plus(Duration.ofMinutes(1)), Duration.ofMinutes(7));
        incident(BAD_PUBLISH, new VerificationRecorded(BAD_PUBLISH, VerificationOutcome.PASSED, "resolver serves v1",
                T0.plus(Duration.ofMinutes(20))), T0.plus(Duration.ofMinutes(21)));
    }

    /** A rebind confirmed at {@code confirmed} that wrote the safe manifest {@code restoreAfter} later and completed. */
    private void rebind(RebindId id, Scope scope, IncidentId incident, boolean drill, Instant confirmed, Duration restoreAfter)
            throws Exception {
        started(id, scope, incident, drill, confirmed);
        StoredManifest lkg = new StoredManifest("v1", scope, "packs/v1.json", "cd".repeat(32), T0.minus(Duration.ofDays(3)),
                "ab".repeat(32), "\"e1\"");
        Instant written = confirmed.plus(restoreAfter);
        rebindEvent(id, new ManifestProbed(id, null, lkg), confirmed.plusSeconds(5));
        rebindEvent(id, new ActiveManifestRebound(id, "v1", "ab".repeat(32), "\"e2\"", null), written);
        rebindEvent(id, new IntegrityConfirmed(id, "ab".repeat(32), "cd".repeat(32), 100), written.plusSeconds(60));
        rebindEvent(id, new ResolutionProbed(id, List.of(new ResolutionProbe(ResolutionProbe.Target.RESOLVER, "https://r", 200, 9,
                true, null)), true), written.plusSeconds(70));
        boolean restoreMet = !written.isAfter(confirmed.plus(Objective.RESTORE.within()));
        if (!restoreMet) {
            rebindEvent(id, new ObjectiveBreached(id, Objective.RESTORE, confirmed.plus(Objective.RESTORE.within())),
                    confirmed.plus(Objective.RESTORE.within()));
        }
        rebindEvent(id, new RebindCompleted(id, written, written.plusSeconds(60), restoreAfter.toSeconds(),
                restoreAfter.toSeconds() + 60, restoreMet, true), written.plusSeconds(70));
    }

    private void started(RebindId id, Scope scope, IncidentId incident, boolean drill, Instant confirmed) throws Exception {
        rebindEvent(id, new RebindStarted(id, scope, null, incident, drill, RebindMode.MANUAL, confirmed,
                confirmed.plus(Objective.RESTORE.within()), confirmed.plus(Objective.INTEGRITY.within())), confirmed);
    }

    private void declare(IncidentId id, IncidentClass incidentClass, Scope scope, Instant detectedAt) throws Exception {
        incident(id, new IncidentDeclared(id, incidentClass, scope, ImpactAssessment.nothingKnown(), Severity.SEV1, Severity.SEV1,
                new TriggerSource(TriggerSource.Kind.MANUAL, "on call"), "seen", detectedAt), detectedAt);
    }

    private void incident(IncidentId id, Object event, Instant at) throws Exception {
        handle(incidents, "Incident", id.value(), event, at);
    }

    private void rebindEvent(RebindId id, Object event, Instant at) throws Exception {
        handle(rebinds, "Rebind", id.value(), event, at);
    }

    private void handle(AnnotationEventHandlerAdapter projector, String type, String aggregateId, Object event, Instant at)
            throws Exception {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        projector.handle(new GenericDomainEventMessage<>(type, aggregateId, sequence, event, MetaData.with(MetadataKeys.ACTOR, "alice"),
                aggregateId + "-" + sequence, at));
    }
}
