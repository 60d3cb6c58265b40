package org.binkindly.ledger.core.rebind;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.binkindly.ledger.core.shared.Provenance;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binkindly.ledger.core.rebind.GivenRebind.ACTIVE;
import static org.binkindly.ledger.core.rebind.GivenRebind.CONFIRMED;
import static org.binkindly.ledger.core.rebind.GivenRebind.ID;
import static org.binkindly.ledger.core.rebind.GivenRebind.INCIDENT;
import static org.binkindly.ledger.core.rebind.GivenRebind.INTEGRITY_DEADLINE;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG_MANIFEST_SHA;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG_PACK_SHA;
import static org.binkindly.ledger.core.rebind.GivenRebind.NEW_ETAG;
import static org.binkindly.ledger.core.rebind.GivenRebind.PACK_BYTES;
import static org.binkindly.ledger.core.rebind.GivenRebind.PASSING_PROBES;
import static org.binkindly.ledger.core.rebind.GivenRebind.RESOLVER_OK;
import static org.binkindly.ledger.core.rebind.GivenRebind.RESTORE_DEADLINE;
import static org.binkindly.ledger.core.rebind.GivenRebind.RULES_DOWN;
import static org.binkindly.ledger.core.rebind.GivenRebind.SCOPE;
import static org.binkindly.ledger.core.rebind.GivenRebind.VERSION_ID;
import static org.binkindly.ledger.core.rebind.GivenRebind.completed;
import static org.binkindly.ledger.core.rebind.GivenRebind.completedRebind;
import static org.binkindly.ledger.core.rebind.GivenRebind.failedAtProbe;
import static org.binkindly.ledger.core.rebind.GivenRebind.probed;
import static org.binkindly.ledger.core.rebind.GivenRebind.rebound;
import static org.binkindly.ledger.core.rebind.GivenRebind.resolved;
import static org.binkindly.ledger.core.rebind.GivenRebind.started;
import static org.binkindly.ledger.core.rebind.GivenRebind.startedFor;
import static org.binkindly.ledger.core.rebind.GivenRebind.verified;
import static org.binkindly.ledger.core.rebind.RebindState.Phase.COMPLETED;
import static org.binkindly.ledger.core.rebind.RebindState.Phase.FAILED;
import static org.binkindly.ledger.core.rebind.RebindState.Phase.PROBED;
import static org.binkindly.ledger.core.rebind.RebindState.Phase.REBOUND;
import static org.binkindly.ledger.core.rebind.RebindState.Phase.STARTED;
import static org.binkindly.ledger.core.rebind.RebindState.Phase.VERIFIED;

class RebindStateTest {

    private static final Instant RECORDED_AT = Instant.parse("2025-03-01T08:02:00Z");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    /** Folds events the way the aggregate and the projections do: sequence numbers from 0, a minute apart. */
    private static RebindState fold(List<RebindEvent> events) {
        RebindState state = null;
        for (int sequence = 0; sequence < events.size(); sequence++) {
            RebindEvent event = events.get(sequence);
            Provenance by = by(sequence);
            state = state == null ? RebindState.startedBy((RebindStarted) event, by, sequence) : state.apply(event, by, sequence);
        }
        return state;
    }

    private static RebindState fold(RebindEvent... events) {
        return fold(List.of(events));
    }

    private static Provenance by(int sequence) {
        return new Provenance(sequence % 2 == 0 ? "alice" : "ledger:rebind-process",
                RECORDED_AT.plusSeconds(60L * sequence));
    }

    private static List<RebindEvent> plus(List<RebindEvent> events, RebindEvent... more) {
        List<RebindEvent> all = new ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void startingSetsTheScopeTheDeadlinesAndThePhase() {
        RebindState state = fold(started());

        assertThat(state.rebindId()).isEqualTo(ID);
        assertThat(state.scope()).isEqualTo(SCOPE);
        assertThat(state.targetManifestId()).isNull();
        assertThat(state.incidentId()).isEqualTo(INCIDENT);
        assertThat(state.drill()).isFalse();
        assertThat(state.mode()).isEqualTo(RebindMode.AUTOMATIC);
        assertThat(state.badPublishConfirmedAt()).isEqualTo(CONFIRMED);
        assertThat(state.restoreDeadline()).isEqualTo(RESTORE_DEADLINE);
        assertThat(state.integrityDeadline()).isEqualTo(INTEGRITY_DEADLINE);
        assertThat(state.deadline(Objective.RESTORE)).isEqualTo(RESTORE_DEADLINE);
        assertThat(state.deadline(Objective.INTEGRITY)).isEqualTo(INTEGRITY_DEADLINE);
        assertThat(state.started()).isEqualTo(by(0));
        assertThat(state.phase()).isEqualTo(STARTED);
        assertThat(state.isFinished()).isFalse();
        assertThat(state.isRestored()).isFalse();
        assertThat(state.isIntegrityConfirmed()).isFalse();
        assertThat(state.probes()).isEmpty();
        assertThat(state.breaches()).isEmpty();
        assertThat(state.version()).isZero();
    }

    @Test
    void aNamedTargetAndManualModeAreKept() {
        RebindState state = fold(startedFor("mf-2025-02-20-0600"));

        assertThat(state.targetManifestId()).isEqualTo("mf-2025-02-20-0600");
        assertThat(state.mode()).isEqualTo(RebindMode.MANUAL);
    }

    @Test
    void theManifestProbeSetsTheActiveManifestAndTheTarget() {
        RebindState state = fold(started(), probed());

        assertThat(state.phase()).isEqualTo(PROBED);
        assertThat(state.activeBefore()).isEqualTo(ACTIVE);
        assertThat(state.target()).isEqualTo(LKG);
        assertThat(state.probed()).isEqualTo(by(1));
        assertThat(state.isRestored()).isFalse();
        assertThat(state.version()).isEqualTo(1);
    }

    @Test
    void theWriteSetsTheWriteWithWhenItWasRecordedAndRestores() {
        RebindState state = fold(started(), probed(), rebound());

        assertThat(state.phase()).isEqualTo(REBOUND);
        assertThat(state.write()).isEqualTo(new RebindState.Write(LKG.manifestId(), LKG_MANIFEST_SHA, NEW_ETAG,
                VERSION_ID, by(2)));
        assertThat(state.isRestored()).isTrue();
        assertThat(state.isIntegrityConfirmed()).isFalse();
        assertThat(state.isFinished()).isFalse();
    }

    @Test
    void theReadbackSetsIntegrity() {
        RebindState state = fold(started(), probed(), rebound(), verified());

        assertThat(state.phase()).isEqualTo(VERIFIED);
        assertThat(state.integrity()).isEqualTo(new RebindState.Integrity(LKG_MANIFEST_SHA, LKG_PACK_SHA, PACK_BYTES, by(3)));
        assertThat(state.isRestored()).isTrue();
        assertThat(state.isIntegrityConfirmed()).isTrue();
        assertThat(state.isFinished()).isFalse();
    }

    @Test
    void resolutionProbesAreKeptWithoutEndingTheRebind() {
        RebindState state = fold(started(), probed(), rebound(), verified(), resolved());

        assertThat(state.probes()).isEqualTo(PASSING_PROBES);
        assertThat(state.phase()).isEqualTo(VERIFIED);
        assertThat(state.isFinished()).isFalse();
    }

    @Test
    void theProbeLogCannotBeChangedFromOutside() {
        RebindState state = fold(started(), probed(), rebound(), verified(), resolved());

        assertThatThrownBy(() -> state.probes().add(RULES_DOWN)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> state.breaches().put(Objective.RESTORE, RESTORE_DEADLINE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void completionSetsTheTimingsAndEndsTheRebind() {
        RebindState state = fold(completedRebind());

        assertThat(state.phase()).isEqualTo(COMPLETED);
        assertThat(state.isFinished()).isTrue();
        RebindCompleted completed = completed();
        assertThat(state.completion()).isEqualTo(new RebindState.Completion(completed.restoredAt(), completed.verifiedAt(),
                completed.restoreSeconds(), completed.integritySeconds(), true, true));
        assertThat(state.failure()).isNull();
        assertThat(state.version()).isEqualTo(5);
    }

    @Test
    void aMissedObjectiveIsKeptInTheCompletion() {
        RebindState state = fold(plus(List.of(started(), probed(), rebound(), verified(), resolved()),
                new RebindCompleted(ID, CONFIRMED.plusSeconds(1000), CONFIRMED.plusSeconds(1900), 1000, 1900, false, false)));

        assertThat(state.completion().restoreObjectiveMet()).isFalse();
        assertThat(state.completion().integrityObjectiveMet()).isFalse();
        assertThat(state.completion().restoreSeconds()).isEqualTo(1000);
        assertThat(state.completion().integritySeconds()).isEqualTo(1900);
    }

    @Test
    void aFailureSetsTheStepAndEndsTheRebind() {
        RebindState state = fold(started(), failedAtProbe());

        assertThat(state.phase()).isEqualTo(FAILED);
        assertThat(state.isFinished()).isTrue();
        assertThat(state.failure()).isEqualTo(new RebindState.Failure(RebindStep.MANIFEST_PROBE,
                "storage could not be read: timeout", by(1)));
        assertThat(state.completion()).isNull();
        assertThat(state.isRestored()).isFalse();
    }

    @Test
    void aFailureAfterTheWriteRestoredNothingSafeAndAsksForWhatItReplaced() {
        RebindState state = fold(started(), probed(), rebound(),
                new RebindFailed(ID, RebindStep.INTEGRITY_READBACK, "readback failed: not found"));

        assertThat(state.phase()).isEqualTo(FAILED);
        assertThat(state.isRestored()).isFalse();
        assertThat(state.needsActiveRestored()).isTrue();
        assertThat(state.write()).isNotNull();
        assertThat(state.isIntegrityConfirmed()).isFalse();
        assertThat(state.failure().step()).isEqualTo(RebindStep.INTEGRITY_READBACK);
    }

    @Test
    void puttingBackWhatAFailedWriteReplacedIsKept() {
        RebindState state = fold(started(), probed(), rebound(),
                new RebindFailed(ID, RebindStep.INTEGRITY_READBACK, "readback failed: not found"),
                new ActiveManifestRestored(ID, ACTIVE.manifestId(), ACTIVE.manifestSha256(), NEW_ETAG, "\"0badc0de\"", "v-2"));

        assertThat(state.needsActiveRestored()).isFalse();
        assertThat(state.restore().restored()).isTrue();
        assertThat(state.restore().manifestId()).isEqualTo(ACTIVE.manifestId());
        assertThat(state.restore().etag()).isEqualTo("\"0badc0de\"");
    }

    @Test
    void failingProbesAreKeptWithTheFailure() {
        RebindState state = fold(started(), probed(), rebound(), verified(),
                new ResolutionProbed(ID, List.of(RESOLVER_OK, RULES_DOWN), false),
                new RebindFailed(ID, RebindStep.RESOLUTION_PROBES, "RULES_API answered 503"));

        assertThat(state.probes()).containsExactly(RESOLVER_OK, RULES_DOWN);
        assertThat(state.phase()).isEqualTo(FAILED);
        assertThat(state.failure().step()).isEqualTo(RebindStep.RESOLUTION_PROBES);
    }

    @Test
    void breachesAreKeptPerObjectiveWithoutChangingThePhase() {
        RebindState state = fold(started(), probed(),
                new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE),
                new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE));

        assertThat(state.breaches()).isEqualTo(Map.of(Objective.RESTORE, RESTORE_DEADLINE,
                Objective.INTEGRITY, INTEGRITY_DEADLINE));
        assertThat(state.phase()).isEqualTo(PROBED);
        assertThat(state.version()).isEqualTo(3);
    }

    @Test
    void disablingTheOverlaySetsWhoAndWhy() {
        RebindState state = fold(started(), new OverlayDisabled(ID, "overlay serves last week's collection days"));

        assertThat(state.overlayDisabled()).isEqualTo(by(1));
        assertThat(state.overlayReason()).isEqualTo("overlay serves last week's collection days");
        assertThat(state.phase()).isEqualTo(STARTED);
    }

    @Test
    void aCompletedStateRoundTripsThroughJsonUnchanged() throws Exception {
        RebindState state = fold(plus(completedRebind(),
                new OverlayDisabled(ID, "baseline only until the overlay is republished"),
                new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE)));

        String written = json.writeValueAsString(state);
        RebindState read = json.readValue(written, RebindState.class);

        assertThat(read.rebindId()).isEqualTo(ID);
        assertThat(read.scope()).isEqualTo(SCOPE);
        assertThat(read.incidentId()).isEqualTo(INCIDENT);
        assertThat(read.mode()).isEqualTo(RebindMode.AUTOMATIC);
        assertThat(read.badPublishConfirmedAt()).isEqualTo(CONFIRMED);
        assertThat(read.restoreDeadline()).isEqualTo(RESTORE_DEADLINE);
        assertThat(read.integrityDeadline()).isEqualTo(INTEGRITY_DEADLINE);
        assertThat(read.started()).isEqualTo(state.started());
        assertThat(read.phase()).isEqualTo(COMPLETED);
        assertThat(read.activeBefore()).isEqualTo(ACTIVE);
        assertThat(read.target()).isEqualTo(LKG);
        assertThat(read.probed()).isEqualTo(state.probed());
        assertThat(read.write()).isEqualTo(state.write()).isNotNull();
        assertThat(read.integrity()).isEqualTo(state.integrity()).isNotNull();
        assertThat(read.probes()).isEqualTo(PASSING_PROBES);
        assertThat(read.completion()).isEqualTo(state.completion()).isNotNull();
        assertThat(read.overlayDisabled()).isEqualTo(state.overlayDisabled()).isNotNull();
        assertThat(read.overlayReason()).isEqualTo("baseline only until the overlay is republished");
        assertThat(read.breaches()).isEqualTo(Map.of(Objective.INTEGRITY, INTEGRITY_DEADLINE));
        assertThat(read.isRestored()).isTrue();
        assertThat(read.isIntegrityConfirmed()).isTrue();
        assertThat(read.isFinished()).isTrue();
        assertThat(read.version()).isEqualTo(7);
        assertThat(json.writeValueAsString(read)).isEqualTo(written);
    }

    @Test
    void aFailedStateWithBreachesRoundTripsThroughJson() throws Exception {
        RebindState state = fold(started(), failedAtProbe(),
                new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE),
                new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE));

        String written = json.writeValueAsString(state);
        RebindState read = json.readValue(written, RebindState.class);

        assertThat(read.phase()).isEqualTo(FAILED);
        assertThat(read.failure()).isEqualTo(state.failure()).isNotNull();
        assertThat(read.breaches()).isEqualTo(Map.of(Objective.RESTORE, RESTORE_DEADLINE,
                Objective.INTEGRITY, INTEGRITY_DEADLINE));
        assertThat(read.isRestored()).isFalse();
        assertThat(read.isIntegrityConfirmed()).isFalse();
        assertThat(read.write()).isNull();
        assertThat(read.target()).isNull();
        assertThat(json.writeValueAsString(read)).isEqualTo(written);
    }

    @Test
    void aStateReadFromJsonKeepsFolding() throws Exception {
        RebindState stored = json.readValue(json.writeValueAsString(fold(started(), probed())), RebindState.class);

        RebindState state = stored.apply(rebound(), by(2), 2)
                .apply(new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE), by(3), 3);

        assertThat(state.phase()).isEqualTo(REBOUND);
        assertThat(state.isRestored()).isTrue();
        assertThat(state.breaches()).containsOnlyKeys(Objective.INTEGRITY);
        assertThat(state.version()).isEqualTo(3);
    }
}
