package org.binkindly.ledger.projections.killswitch;

import org.assertj.core.groups.Tuple;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.CleanScheduledRunRecorded;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchEvent;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.KillSwitchReleased;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.killswitch.LaneChange;
import org.binkindly.ledger.core.killswitch.LaneChanged;
import org.binkindly.ledger.core.killswitch.LocalityValidation;
import org.binkindly.ledger.core.killswitch.RollbackConfidenceRecorded;
import org.binkindly.ledger.core.killswitch.RuntimePolicyStateRecorded;
import org.binkindly.ledger.core.killswitch.SilentDegradeRuledOut;
import org.binkindly.ledger.core.killswitch.TargetedValidationRecorded;
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
import static org.binkindly.ledger.core.killswitch.LocalityValidation.Outcome.FAILED;
import static org.binkindly.ledger.core.killswitch.LocalityValidation.Outcome.PASSED;

class KillSwitchProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final KillSwitchId SWITCH = killSwitch(1);
    private static final IncidentId INCIDENT = IncidentId.of("inc-0123456789ab");

    private static final Scope STOCKHOLM = Scope.parse("locality/se-stockholm");
    // Same id, different kind: a locality called "se" is not the country Sweden.
    private static final Scope LOCALITY_SE = Scope.parse("locality/se");
    private static final Scope COUNTRY_SE = Scope.parse("country/se");

    private static final String CLEAN_SCHEDULED_RUN = "CLEAN_SCHEDULED_RUN";
    private static final String ROLLBACK_CONFIDENCE = "ROLLBACK_CONFIDENCE";

    private JdbcTemplate jdbc;
    private KillSwitchProjector projector;

    /** What the event store handed the projector, per switch, so a test can redeliver or fold it again. */
    private final Map<KillSwitchId, List<Delivery>> delivered = new LinkedHashMap<>();
    private Instant clock = T0;

    private record Delivery(KillSwitchEvent event, String actor, Instant recordedAt, long sequenceNumber) {
    }

    @BeforeEach
    void newProjector() {
        jdbc = database.jdbc();
        projector = new KillSwitchProjector(jdbc, LedgerJson.objectMapper());
    }

    // --- activation ---------------------------------------------------------------------------

    @Test
    void activationShowsAnActiveSwitchThatFreezesGraduationWithItsKindScopeIncidentAndProvenance() {
        KillSwitchActivated activated = new KillSwitchActivated(SWITCH, KillSwitchKind.AI_LANE, STOCKHOLM,
                "malformed AI output spikes in the sorter lane", INCIDENT, false, T0);
        Delivery activation = record("alice", activated);

        KillSwitchView view = find(SWITCH);

        assertThat(view.killSwitchId()).isEqualTo(SWITCH);
        assertThat(view.kind()).isEqualTo(KillSwitchKind.AI_LANE);
        assertThat(view.scope()).isEqualTo(STOCKHOLM);
        assertThat(view.active()).isTrue();
        assertThat(view.graduationFrozen()).isTrue();
        assertThat(view.drill()).isFalse();
        assertThat(view.reason()).isEqualTo("malformed AI output spikes in the sorter lane");
        assertThat(view.incidentId()).isEqualTo(INCIDENT);
        assertThat(view.activatedAt()).as("the business time from the command").isEqualTo(T0);
        assertThat(view.activated()).as("who, and when the ledger recorded it")
                .isEqualTo(new Provenance("alice", activation.recordedAt()));
        assertThat(activation.recordedAt()).isNotEqualTo(T0);
        assertThat(view.laneChanges()).isEmpty();
        assertThat(view.silentDegradeChecks()).isEmpty();
        assertThat(view.validations()).isEmpty();
        assertThat(view.policyStates()).isEmpty();
        assertThat(view.cleanRuns()).isEmpty();
        assertThat(view.rollbackConfidence()).isEmpty();
        assertThat(view.release()).isNull();
        assertThat(view.releasable()).isFalse();
        assertThat(view.missingForRelease()).containsExactly(CLEAN_SCHEDULED_RUN, ROLLBACK_CONFIDENCE);
        assertThat(view.version()).isZero();
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void badPackDrillWithoutAnIncidentIsADrillLinkedToNoIncident() {
        record("alice", new KillSwitchActivated(SWITCH, KillSwitchKind.BAD_PACK, COUNTRY_SE,
                "quarterly bad-pack drill", null, true, T0));

        KillSwitchView view = find(SWITCH);

        assertThat(view.kind()).isEqualTo(KillSwitchKind.BAD_PACK);
        assertThat(view.scope()).isEqualTo(COUNTRY_SE);
        assertThat(view.drill()).isTrue();
        assertThat(view.incidentId()).isNull();
        assertThat(view.active()).isTrue();
        // a drill rehearses: like the scope's posture, it freezes nothing
        assertThat(view.graduationFrozen()).isFalse();
    }

    @Test
    void unknownSwitchIsNotFound() {
        activate(SWITCH, STOCKHOLM, T0);

        assertThat(projector.handle(new FindKillSwitch(killSwitch(0xdead)))).isEmpty();
        assertThat(projector.handle(new FindKillSwitch(SWITCH))).isPresent();
    }

    // --- what is recorded while active --------------------------------------------------------

    @Test
    void laterFactsShowInTheSwitchWithWhoRecordedThem() {
        activate(SWITCH, STOCKHOLM, T0);
        Delivery disabled = record("bob", new LaneChanged(SWITCH, LaneChange.DISABLED, "AI sorter lane off"));
        record("bob", new LaneChanged(SWITCH, LaneChange.NARROWED, "AI sorter lane limited to bulky waste"));
        Delivery silent = record("carol", new SilentDegradeRuledOut(SWITCH, "fallback answers carry the fail-closed marker"));
        Delivery failedValidation = record("carol", new TargetedValidationRecorded(SWITCH, List.of(
                new LocalityValidation("se-stockholm", PASSED, null),
                new LocalityValidation("se-uppsala", FAILED, "glass bin missing"))));
        record("carol", new TargetedValidationRecorded(SWITCH, List.of(
                new LocalityValidation("se-stockholm", PASSED, null),
                new LocalityValidation("se-uppsala", PASSED, "12 addresses checked"))));
        Delivery policy = record("dave", new RuntimePolicyStateRecorded(SWITCH, "deterministic", "elevated",
                List.of("E_AI_TIMEOUT", "E_AI_MALFORMED"), Map.of("country/se", 3, "country/no", 0)));

        KillSwitchView view = find(SWITCH);

        assertThat(view.laneChanges())
                .extracting(KillSwitchState.LaneChangeEntry::change, KillSwitchState.LaneChangeEntry::detail)
                .containsExactly(Tuple.tuple(LaneChange.DISABLED, "AI sorter lane off"),
                        Tuple.tuple(LaneChange.NARROWED, "AI sorter lane limited to bulky waste"));
        assertThat(view.laneChanges().get(0).provenance())
                .isEqualTo(new Provenance("bob", disabled.recordedAt()));
        assertThat(view.silentDegradeChecks()).containsExactly(new KillSwitchState.Entry(
                "fallback answers carry the fail-closed marker", new Provenance("carol", silent.recordedAt())));
        assertThat(view.validations()).hasSize(2);
        assertThat(view.validations().get(0).results())
                .extracting(LocalityValidation::locality, LocalityValidation::outcome, LocalityValidation::note)
                .containsExactly(Tuple.tuple("se-stockholm", PASSED, null),
                        Tuple.tuple("se-uppsala", FAILED, "glass bin missing"));
        assertThat(view.validations().get(0).allPassed()).isFalse();
        assertThat(view.validations().get(0).provenance())
                .isEqualTo(new Provenance("carol", failedValidation.recordedAt()));
        assertThat(view.validations().get(1).results())
                .extracting(LocalityValidation::locality, LocalityValidation::outcome, LocalityValidation::note)
                .containsExactly(Tuple.tuple("se-stockholm", PASSED, null),
                        Tuple.tuple("se-uppsala", PASSED, "12 addresses checked"));
        assertThat(view.validations().get(1).allPassed()).isTrue();
        assertThat(view.policyStates()).singleElement().satisfies(state -> {
            assertThat(state.sorterMode()).isEqualTo("deterministic");
            assertThat(state.riskState()).isEqualTo("elevated");
            assertThat(state.allowedErrorCodes()).containsExactly("E_AI_TIMEOUT", "E_AI_MALFORMED");
            assertThat(state.graduationCounters()).containsOnly(Map.entry("country/se", 3), Map.entry("country/no", 0));
            assertThat(state.provenance()).isEqualTo(new Provenance("dave", policy.recordedAt()));
        });
        assertThat(view.active()).isTrue();
        assertThat(view.graduationFrozen()).isTrue();
        assertThat(view.releasable()).as("none of these facts earns the release").isFalse();
        assertThat(view.missingForRelease()).containsExactly(CLEAN_SCHEDULED_RUN, ROLLBACK_CONFIDENCE);
        assertThat(view.version()).isEqualTo(6);
    }

    @Test
    void cleanRunsAndRollbackConfidenceShowInTheSwitch() {
        activate(SWITCH, STOCKHOLM, T0);
        Instant completedAt = T0.plus(Duration.ofHours(22));
        Delivery run = record("bob", new CleanScheduledRunRecorded(SWITCH, "sched-2025-03-02-0600", completedAt,
                "all scheduled publishes passed readback"));
        Delivery confidence = record("carol", new RollbackConfidenceRecorded(SWITCH,
                "rebind drill restored last known good in 6 minutes", "rebind-7f3a"));
        record("carol", new RollbackConfidenceRecorded(SWITCH, "rollback rehearsed in staging", null));

        KillSwitchView view = find(SWITCH);

        assertThat(view.cleanRuns()).containsExactly(new KillSwitchState.CleanRun("sched-2025-03-02-0600", completedAt,
                "all scheduled publishes passed readback", new Provenance("bob", run.recordedAt())));
        assertThat(view.rollbackConfidence())
                .extracting(KillSwitchState.RollbackConfidence::evidence, KillSwitchState.RollbackConfidence::rebindReference)
                .containsExactly(Tuple.tuple("rebind drill restored last known good in 6 minutes", "rebind-7f3a"),
                        Tuple.tuple("rollback rehearsed in staging", null));
        assertThat(view.rollbackConfidence().get(0).provenance())
                .isEqualTo(new Provenance("carol", confidence.recordedAt()));
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void viewAgreesWithTheSharedFoldAfterEveryEvent() {
        activate(SWITCH, STOCKHOLM, T0);
        List<KillSwitchEvent> script = List.of(
                new LaneChanged(SWITCH, LaneChange.DISABLED, "AI sorter lane off"),
                new SilentDegradeRuledOut(SWITCH, "fallback answers carry the fail-closed marker"),
                new TargetedValidationRecorded(SWITCH, List.of(new LocalityValidation("se-stockholm", FAILED, "stale"))),
                new RuntimePolicyStateRecorded(SWITCH, "deterministic", "elevated", List.of(), Map.of()),
                new RollbackConfidenceRecorded(SWITCH, "rebind drill restored last known good", "rebind-7f3a"),
                new CleanScheduledRunRecorded(SWITCH, "sched-1", T0.plus(Duration.ofHours(22)), "clean"),
                new KillSwitchReleased(SWITCH, "clean scheduled run and rollback drill on record"));
        assertThat(find(SWITCH)).isEqualTo(KillSwitchView.of(fold(SWITCH)));

        for (KillSwitchEvent event : script) {
            record("bob", event);

            KillSwitchState state = fold(SWITCH);
            assertThat(find(SWITCH)).as("after %s", event.getClass().getSimpleName()).isEqualTo(KillSwitchView.of(state));
            assertThat(find(SWITCH).missingForRelease()).isEqualTo(state.isActive() ? state.releaseGaps() : List.of());
            assertThat(find(SWITCH).releasable()).isEqualTo(state.isActive() && state.releaseGaps().isEmpty());
        }
    }

    // --- release ------------------------------------------------------------------------------

    @Test
    void aCleanScheduledRunAloneLeavesRollbackConfidenceMissing() {
        activate(SWITCH, STOCKHOLM, T0);

        record("bob", new CleanScheduledRunRecorded(SWITCH, "sched-1", T0.plus(Duration.ofHours(22)), "clean"));

        KillSwitchView view = find(SWITCH);
        assertThat(view.missingForRelease()).containsExactly(ROLLBACK_CONFIDENCE);
        assertThat(view.releasable()).isFalse();
    }

    @Test
    void rollbackConfidenceAloneLeavesTheCleanScheduledRunMissing() {
        activate(SWITCH, STOCKHOLM, T0);

        record("bob", new RollbackConfidenceRecorded(SWITCH, "rebind drill restored last known good", null));

        KillSwitchView view = find(SWITCH);
        assertThat(view.missingForRelease()).containsExactly(CLEAN_SCHEDULED_RUN);
        assertThat(view.releasable()).isFalse();
    }

    @Test
    void cleanRunAndRollbackConfidenceTogetherMakeTheSwitchReleasable() {
        activate(SWITCH, STOCKHOLM, T0);

        earnRelease(SWITCH);

        KillSwitchView view = find(SWITCH);
        assertThat(view.missingForRelease()).isEmpty();
        assertThat(view.releasable()).isTrue();
        assertThat(view.active()).as("releasable is not released").isTrue();
        assertThat(view.graduationFrozen()).isTrue();
    }

    @Test
    void releaseMakesTheSwitchInactiveNotReleasableAndNoLongerFreezingGraduation() {
        activate(SWITCH, STOCKHOLM, T0);
        earnRelease(SWITCH);

        Delivery release = record("carol", new KillSwitchReleased(SWITCH, "clean scheduled run and rollback drill on record"));

        KillSwitchView view = find(SWITCH);
        assertThat(view.active()).isFalse();
        assertThat(view.graduationFrozen()).isFalse();
        assertThat(view.releasable()).isFalse();
        assertThat(view.missingForRelease()).isEmpty();
        assertThat(view.release()).isEqualTo(new KillSwitchState.Entry("clean scheduled run and rollback drill on record",
                new Provenance("carol", release.recordedAt())));
        assertThat(view.cleanRuns()).as("the evidence stays on record").hasSize(1);
        assertThat(view.rollbackConfidence()).hasSize(1);
        assertThat(view.version()).isEqualTo(3);
    }

    // --- listing ------------------------------------------------------------------------------

    @Test
    void listForAScopeMatchesBothItsKindAndItsId() {
        activate(killSwitch(1), LOCALITY_SE, T0);
        activate(killSwitch(2), COUNTRY_SE, T0.plusSeconds(60));
        activate(killSwitch(3), STOCKHOLM, T0.plusSeconds(120));

        assertThat(list(LOCALITY_SE, false)).containsExactly(killSwitch(1));
        assertThat(list(COUNTRY_SE, false)).containsExactly(killSwitch(2));
        assertThat(list(STOCKHOLM, false)).containsExactly(killSwitch(3));
        assertThat(list(Scope.parse("country/no"), false)).isEmpty();
        assertThat(list(null, false)).containsExactlyInAnyOrder(killSwitch(1), killSwitch(2), killSwitch(3));
    }

    @Test
    void listIsNewestActivationFirst() {
        // Delivered in an order that is neither the activation order nor the id order.
        activate(killSwitch(1), STOCKHOLM, T0.plus(Duration.ofMinutes(10)));
        activate(killSwitch(2), STOCKHOLM, T0);
        activate(killSwitch(3), STOCKHOLM, T0.plus(Duration.ofMinutes(5)));

        assertThat(list(null, false)).containsExactly(killSwitch(1), killSwitch(3), killSwitch(2));
        assertThat(list(STOCKHOLM, true)).containsExactly(killSwitch(1), killSwitch(3), killSwitch(2));
    }

    @Test
    void activeOnlyLeavesOutReleasedSwitches() {
        activate(killSwitch(1), STOCKHOLM, T0);
        activate(killSwitch(2), STOCKHOLM, T0.plusSeconds(60));
        activate(killSwitch(3), COUNTRY_SE, T0.plusSeconds(120));
        release(killSwitch(1));

        assertThat(list(null, true)).containsExactly(killSwitch(3), killSwitch(2));
        assertThat(list(STOCKHOLM, true)).containsExactly(killSwitch(2));
        assertThat(list(STOCKHOLM, false)).containsExactly(killSwitch(2), killSwitch(1));
        assertThat(list(null, false)).containsExactly(killSwitch(3), killSwitch(2), killSwitch(1));
    }

    @Test
    void listedSwitchesAreTheSameViewsAsFound() {
        activate(killSwitch(1), STOCKHOLM, T0);
        record("bob", new LaneChanged(killSwitch(1), LaneChange.NARROWED, "bulky waste only"));
        activate(killSwitch(2), COUNTRY_SE, T0.plusSeconds(60));
        release(killSwitch(2));

        assertThat(projector.handle(new ListKillSwitches(null, false)))
                .containsExactly(find(killSwitch(2)), find(killSwitch(1)));
    }

    // --- redelivery and replay ----------------------------------------------------------------

    @Test
    void redeliveredEventsChangeNothing() {
        activate(SWITCH, STOCKHOLM, T0);
        record("bob", new LaneChanged(SWITCH, LaneChange.DISABLED, "AI sorter lane off"));
        record("carol", new TargetedValidationRecorded(SWITCH, List.of(new LocalityValidation("se-stockholm", PASSED, null))));
        record("bob", new CleanScheduledRunRecorded(SWITCH, "sched-1", T0.plus(Duration.ofHours(22)), "clean"));
        KillSwitchView before = find(SWITCH);

        for (Delivery delivery : List.copyOf(delivered.get(SWITCH))) {
            // A redelivery carries the same event; a later actor or clock must not rewrite history either.
            projector.on(delivery.event(), "mallory", delivery.recordedAt().plusSeconds(999), delivery.sequenceNumber());
        }

        KillSwitchView after = find(SWITCH);
        assertThat(after).isEqualTo(before);
        assertThat(after.laneChanges()).hasSize(1);
        assertThat(after.validations()).hasSize(1);
        assertThat(after.cleanRuns()).hasSize(1);
        assertThat(after.version()).isEqualTo(3);
        assertThat(after.activated().actor()).isEqualTo("alice");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void redeliveredActivationDoesNotReactivateAReleasedSwitch() {
        activate(SWITCH, STOCKHOLM, T0);
        release(SWITCH);
        KillSwitchView released = find(SWITCH);
        Delivery activation = delivered.get(SWITCH).get(0);

        projector.on(activation.event(), activation.actor(), activation.recordedAt(), activation.sequenceNumber());

        assertThat(find(SWITCH)).isEqualTo(released);
        assertThat(find(SWITCH).active()).isFalse();
        assertThat(list(STOCKHOLM, true)).isEmpty();
        assertThat(list(STOCKHOLM, false)).containsExactly(SWITCH);
    }

    @Test
    void anEarlierEventRedeliveredAfterLaterOnesIsNotAppliedAgain() {
        activate(SWITCH, STOCKHOLM, T0);
        Delivery disabled = record("bob", new LaneChanged(SWITCH, LaneChange.DISABLED, "AI sorter lane off"));
        record("bob", new LaneChanged(SWITCH, LaneChange.NARROWED, "bulky waste only"));

        projector.on(disabled.event(), disabled.actor(), disabled.recordedAt(), disabled.sequenceNumber());

        assertThat(find(SWITCH).laneChanges()).extracting(KillSwitchState.LaneChangeEntry::change)
                .containsExactly(LaneChange.DISABLED, LaneChange.NARROWED);
        assertThat(find(SWITCH).version()).isEqualTo(2);
    }

    @Test
    void resetEmptiesTheKillSwitchViews() {
        activate(killSwitch(1), STOCKHOLM, T0);
        activate(killSwitch(2), COUNTRY_SE, T0.plusSeconds(60));
        release(killSwitch(2));

        projector.reset();

        assertThat(rows()).isZero();
        assertThat(projector.handle(new FindKillSwitch(killSwitch(1)))).isEmpty();
        assertThat(projector.handle(new FindKillSwitch(killSwitch(2)))).isEmpty();
        assertThat(projector.handle(new ListKillSwitches(null, false))).isEmpty();
    }

    @Test
    void replayAfterResetRebuildsTheSameViews() {
        activate(killSwitch(1), STOCKHOLM, T0);
        record("bob", new LaneChanged(killSwitch(1), LaneChange.DISABLED, "AI sorter lane off"));
        record("carol", new TargetedValidationRecorded(killSwitch(1), List.of(
                new LocalityValidation("se-stockholm", PASSED, null),
                new LocalityValidation("se-uppsala", FAILED, "glass bin missing"))));
        activate(killSwitch(2), COUNTRY_SE, T0.plusSeconds(60));
        release(killSwitch(2));
        List<KillSwitchView> before = projector.handle(new ListKillSwitches(null, false));

        projector.reset();
        delivered.values().forEach(history -> history.forEach(this::deliver));

        assertThat(projector.handle(new ListKillSwitches(null, false))).isEqualTo(before);
        assertThat(projector.handle(new ListKillSwitches(null, true))).containsExactly(find(killSwitch(1)));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static KillSwitchId killSwitch(int n) {
        return KillSwitchId.of("ks-%012x".formatted(n));
    }

    private void activate(KillSwitchId id, Scope scope, Instant activatedAt) {
        record("alice", new KillSwitchActivated(id, KillSwitchKind.AI_LANE, scope,
                "malformed AI output spikes in the sorter lane", INCIDENT, false, activatedAt));
    }

    /** The runbook's re-enable condition: clean scheduled evidence and rollback confidence. */
    private void earnRelease(KillSwitchId id) {
        record("bob", new CleanScheduledRunRecorded(id, "sched-1", T0.plus(Duration.ofHours(22)), "clean"));
        record("bob", new RollbackConfidenceRecorded(id, "rebind drill restored last known good", "rebind-7f3a"));
    }

    private void release(KillSwitchId id) {
        earnRelease(id);
        record("carol", new KillSwitchReleased(id, "clean scheduled run and rollback drill on record"));
    }

    private Delivery record(String actor, KillSwitchEvent event) {
        List<Delivery> history = delivered.computeIfAbsent(event.killSwitchId(), id -> new ArrayList<>());
        clock = clock.plusSeconds(60);
        Delivery delivery = new Delivery(event, actor, clock, history.size());
        history.add(delivery);
        deliver(delivery);
        return delivery;
    }

    private void deliver(Delivery delivery) {
        projector.on(delivery.event(), delivery.actor(), delivery.recordedAt(), delivery.sequenceNumber());
    }

    /** The shared fold over what was delivered, independent of anything the projector stored. */
    private KillSwitchState fold(KillSwitchId id) {
        List<Delivery> history = delivered.get(id);
        Delivery first = history.get(0);
        KillSwitchState state = KillSwitchState.activatedBy((KillSwitchActivated) first.event(),
                new Provenance(first.actor(), first.recordedAt()), first.sequenceNumber());
        for (Delivery delivery : history.subList(1, history.size())) {
            state.apply(delivery.event(), new Provenance(delivery.actor(), delivery.recordedAt()),
                    delivery.sequenceNumber());
        }
        return state;
    }

    private KillSwitchView find(KillSwitchId id) {
        return projector.handle(new FindKillSwitch(id)).orElseThrow();
    }

    private List<KillSwitchId> list(Scope scope, boolean activeOnly) {
        return projector.handle(new ListKillSwitches(scope, activeOnly)).stream().map(KillSwitchView::killSwitchId).toList();
    }

    private int rows() {
        Integer count = jdbc.queryForObject("select count(*) from kill_switch_view", Integer.class);
        return count == null ? 0 : count;
    }
}
