package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.core.incident.GivenIncident.CONTAINMENT;
import static org.binkindly.ledger.core.incident.GivenIncident.DETECTED_AT;
import static org.binkindly.ledger.core.incident.GivenIncident.FAILED;
import static org.binkindly.ledger.core.incident.GivenIncident.FAILURE_MODE;
import static org.binkindly.ledger.core.incident.GivenIncident.FOLLOW_UP;
import static org.binkindly.ledger.core.incident.GivenIncident.ID;
import static org.binkindly.ledger.core.incident.GivenIncident.NO_INTERVENTION;
import static org.binkindly.ledger.core.incident.GivenIncident.ON_CALL;
import static org.binkindly.ledger.core.incident.GivenIncident.PASSED;
import static org.binkindly.ledger.core.incident.GivenIncident.SCOPE;
import static org.binkindly.ledger.core.incident.GivenIncident.TRIGGER;
import static org.binkindly.ledger.core.incident.GivenIncident.completed;
import static org.binkindly.ledger.core.incident.GivenIncident.declared;
import static org.binkindly.ledger.core.incident.ImpactFact.ACTIVE_TRUTH_WRONG_FOR_USERS;
import static org.binkindly.ledger.core.incident.ImpactFact.MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE;
import static org.binkindly.ledger.core.incident.ImpactFact.REFRESH_PIPELINE_DEGRADED;
import static org.binkindly.ledger.core.incident.ImpactFact.ROLLBACK_PATH_FAILING;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.NO;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.YES;
import static org.binkindly.ledger.core.incident.IncidentClass.PUBLISH_FAILURE;
import static org.binkindly.ledger.core.incident.IncidentState.ItemStatus.COMPLETED;
import static org.binkindly.ledger.core.incident.IncidentState.ItemStatus.OPEN;
import static org.binkindly.ledger.core.incident.IncidentState.ItemStatus.WAIVED;
import static org.binkindly.ledger.core.shared.Severity.SEV1;
import static org.binkindly.ledger.core.shared.Severity.SEV2;
import static org.binkindly.ledger.core.shared.Severity.SEV3;

class IncidentStateTest {

    private static final Instant RECORDED_AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final ImpactAssessment SEV2_FACTS = ImpactAssessment.of(Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO,
            ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO, REFRESH_PIPELINE_DEGRADED, YES));

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    /** Folds events the way the aggregate and the projections do: sequence numbers from 0, one actor per event. */
    private static IncidentState fold(List<IncidentEvent> events) {
        IncidentState state = null;
        for (int sequence = 0; sequence < events.size(); sequence++) {
            Provenance by = new Provenance("alice", RECORDED_AT.plusSeconds(sequence));
            IncidentEvent event = events.get(sequence);
            state = state == null ? IncidentState.declaredBy((IncidentDeclared) event, by, sequence)
                    : state.apply(event, by, sequence);
        }
        return state;
    }

    private static IncidentState fold(GivenIncident incident) {
        return fold(incident.events());
    }

    private static Map<String, IncidentState.ItemStatus> statuses(IncidentState state) {
        return state.checklist().stream().collect(Collectors.toMap(entry -> entry.item().itemId(),
                IncidentState.ChecklistEntry::status, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static Set<EvidenceField> present(IncidentState state) {
        Set<EvidenceField> present = EnumSet.noneOf(EvidenceField.class);
        for (EvidenceField field : EvidenceField.values()) {
            if (field.isPresentIn(state)) {
                present.add(field);
            }
        }
        return present;
    }

    @Test
    void aContainmentActionIsFoundByItsTextAndTimeBeforeAndAfterTheLookupIsFirstUsed() {
        Instant at = DETECTED_AT.plusSeconds(60);
        IncidentState state = fold(declared(PUBLISH_FAILURE).events());
        state.apply(new ContainmentActionRecorded(ID, "paused the feed", at), new Provenance("alice", at), 5);

        assertThat(state.hasContainmentAction("paused the feed", at)).isTrue();
        assertThat(state.hasContainmentAction("paused the feed", at.plusSeconds(1))).isFalse();
        assertThat(state.hasContainmentAction("paused the other feed", at)).isFalse();

        // recorded after the lookup was built: still found, as a cached aggregate folds on
        state.apply(new ContainmentActionRecorded(ID, "rebound the scope", at.plusSeconds(60)), new Provenance("bob", at), 6);
        assertThat(state.hasContainmentAction("rebound the scope", at.plusSeconds(60))).isTrue();
        assertThat(state.snapshot().hasContainmentAction("rebound the scope", at.plusSeconds(60))).isTrue();
    }

    @Test
    void aCommandsAnswerCopiesEveryFieldTheViewsShow() {
        List<IncidentEvent> events = new ArrayList<>(declared(PUBLISH_FAILURE).events());
        events.add(new KillSwitchLinked(ID, "ks-1", org.binkindly.ledger.core.killswitch.KillSwitchKind.AI_LANE));
        IncidentState state = fold(events);

        IncidentState answer = state.snapshot();

        assertThat(answer.killSwitches()).hasSize(1);
        assertThat(answer).usingRecursiveComparison().ignoringFields("alertPositions", "containmentActionKeys").isEqualTo(state);
    }

    /**
     * A command's answer is a copy sharing the state's lists: the events after it, adding entries and
     * replacing them (a checklist item completed, an alert resolved, a kill switch released), leave each
     * answer as it was, however many answers were taken between them, and the state folds on as before.
     */
    @Test
    void anAnswerStaysAsItWasWhileLaterEventsAddAndReplaceEntries() throws Exception {
        List<IncidentEvent> events = new ArrayList<>(declared(PUBLISH_FAILURE).events());
        int linked = events.size();
        events.add(new KillSwitchLinked(ID, "ks-1", org.binkindly.ledger.core.killswitch.KillSwitchKind.AI_LANE));
        events.add(new AlertFired(ID, new ReceivedAlert("PublishFailed", "fp-1", DETECTED_AT, Map.of(), Map.of(), null, "ledger")));
        events.add(new ContainmentActionRecorded(ID, "paused the feed", DETECTED_AT.plusSeconds(60)));
        events.add(completed("PF_IDENTIFY_FAILING_STAGE"));
        events.add(new AlertResolved(ID, "PublishFailed", "fp-1", DETECTED_AT, DETECTED_AT.plusSeconds(900)));
        events.add(new LinkedKillSwitchReleased(ID, "ks-1"));
        events.add(new ContainmentActionRecorded(ID, "rebound the scope", DETECTED_AT.plusSeconds(120)));

        IncidentState state = fold(events.subList(0, 1));
        List<IncidentState> answers = new ArrayList<>();
        List<String> answersAsTaken = new ArrayList<>();
        for (int sequence = 1; sequence < events.size(); sequence++) {
            state.apply(events.get(sequence), new Provenance("alice", RECORDED_AT.plusSeconds(sequence)), sequence);
            IncidentState answer = state.snapshot();
            answers.add(answer);
            answersAsTaken.add(json.writeValueAsString(answer));
        }

        for (int i = 0; i < answers.size(); i++) {
            assertThat(json.writeValueAsString(answers.get(i))).as("answer %d", i).isEqualTo(answersAsTaken.get(i));
        }
        assertThat(json.writeValueAsString(state)).isEqualTo(json.writeValueAsString(fold(events)));
        assertThat(answers.get(answers.size() - 1).alerts().get(0).endsAt()).isEqualTo(DETECTED_AT.plusSeconds(900));
        // the answer to the link (answers start after the first event) still shows the switch as linked, not released
        assertThat(answers.get(linked - 1).killSwitches()).extracting(IncidentState.LinkedKillSwitch::released).containsExactly(false);
        assertThat(state.killSwitches()).extracting(IncidentState.LinkedKillSwitch::released).containsExactly(true);
    }

    /** A state read back by Jackson holds plain lists; its answers are copies all the same. */
    @Test
    void aStateReadBackFromJsonAnswersWithCopiesToo() throws Exception {
        IncidentState readBack = json.readValue(json.writeValueAsString(fold(declared(PUBLISH_FAILURE).events())), IncidentState.class);
        IncidentState answer = readBack.snapshot();
        String asTaken = json.writeValueAsString(answer);

        readBack.apply(completed("PF_IDENTIFY_FAILING_STAGE"), new Provenance("bob", RECORDED_AT), 40);
        readBack.apply(new ContainmentActionRecorded(ID, "paused the feed", DETECTED_AT), new Provenance("bob", RECORDED_AT), 41);

        assertThat(json.writeValueAsString(answer)).isEqualTo(asTaken);
        assertThat(readBack.containmentActions()).hasSize(1);
        assertThat(statuses(readBack).get("PF_IDENTIFY_FAILING_STAGE")).isEqualTo(COMPLETED);
    }

    @Test
    void aDeclaredIncidentIsOpenWithEveryChecklistItemOpen() {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS));

        assertThat(state.isOpen()).isTrue();
        assertThat(state.incidentId()).isEqualTo(ID);
        assertThat(state.scope()).isEqualTo(SCOPE);
        assertThat(state.trigger()).isEqualTo(TRIGGER);
        assertThat(state.severity()).isEqualTo(SEV2);
        assertThat(state.derivedSeverity()).isEqualTo(SEV2);
        assertThat(state.escalationFloor()).isNull();
        assertThat(state.observedFailureModes()).extracting(IncidentState.Note::text).containsExactly(FAILURE_MODE);
        assertThat(statuses(state)).containsExactly(
                Map.entry("PF_IDENTIFY_FAILING_STAGE", OPEN),
                Map.entry("PF_CONFIRM_LKG_ACTIVE", OPEN),
                Map.entry("PF_NO_GATE_BYPASS", OPEN),
                Map.entry("PF_LEAVE_ACTIVE_IF_ISOLATED", OPEN),
                Map.entry("PF_PAUSE_GRADUATION_IF_REPEATED", OPEN),
                Map.entry("PF_CAPTURE_AUDIT_EVIDENCE", OPEN),
                Map.entry("CLOSURE_CONDITION", OPEN),
                Map.entry("SEV2_HALT_EXPANSION", OPEN),
                Map.entry("SEV2_INVESTIGATE_SAME_WINDOW", OPEN),
                Map.entry("SEV2_DECIDE_CONTAIN_OR_REPAIR", OPEN));
        assertThat(state.version()).isEqualTo(1);
    }

    @Test
    void aDeclarationAloneHasTheEvidenceItCarries() {
        IncidentState state = fold(declared(PUBLISH_FAILURE));

        assertThat(present(state)).containsExactlyInAnyOrder(EvidenceField.TIMESTAMP, EvidenceField.SCOPE,
                EvidenceField.TRIGGER_SOURCE, EvidenceField.OBSERVED_FAILURE_MODE);
    }

    static Stream<Arguments> evidenceAndTheEventThatRecordsIt() {
        return Stream.of(
                Arguments.of(EvidenceField.CONTAINMENT_ACTION, CONTAINMENT),
                Arguments.of(EvidenceField.ROLLBACK_OR_KILL_SWITCH_ACTION, NO_INTERVENTION),
                Arguments.of(EvidenceField.VERIFICATION_RESULT, FAILED),
                Arguments.of(EvidenceField.OPERATOR_OR_OWNER, ON_CALL),
                Arguments.of(EvidenceField.OPERATOR_OR_OWNER, new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "dana")),
                Arguments.of(EvidenceField.FOLLOW_UP_REQUIREMENT, FOLLOW_UP));
    }

    @ParameterizedTest
    @MethodSource("evidenceAndTheEventThatRecordsIt")
    void eachEvidenceFieldIsPresentOnceItsEventIsFolded(EvidenceField field, IncidentEvent event) {
        IncidentState before = fold(declared(PUBLISH_FAILURE));
        assertThat(field.isPresentIn(before)).isFalse();

        IncidentState after = fold(declared(PUBLISH_FAILURE).then(event));

        assertThat(present(after)).containsExactlyInAnyOrder(EvidenceField.TIMESTAMP, EvidenceField.SCOPE,
                EvidenceField.TRIGGER_SOURCE, EvidenceField.OBSERVED_FAILURE_MODE, field);
    }

    @Test
    void aReleaseOwnerIsNotOperatorOrOwnerEvidence() {
        IncidentState state = fold(declared(PUBLISH_FAILURE).then(new RoleClaimed(ID, IncidentRole.RELEASE_OWNER, "carol")));

        assertThat(EvidenceField.OPERATOR_OR_OWNER.isPresentIn(state)).isFalse();
        assertThat(state.roles()).containsOnlyKeys(IncidentRole.RELEASE_OWNER);
    }

    @Test
    void completingAndWaivingResolveItemsWithTheirEvidenceAndProvenance() {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS).then(
                completed("PF_NO_GATE_BYPASS"),
                new ChecklistItemWaived(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "first failure in 90 days")));

        IncidentState.ChecklistEntry done = state.checklistEntry("PF_NO_GATE_BYPASS").orElseThrow();
        assertThat(done.status()).isEqualTo(COMPLETED);
        assertThat(done.evidence()).isEqualTo("done: PF_NO_GATE_BYPASS");
        assertThat(done.performedAt()).isEqualTo(DETECTED_AT.plusSeconds(600));
        assertThat(done.provenance()).isEqualTo(new Provenance("alice", RECORDED_AT.plusSeconds(2)));

        IncidentState.ChecklistEntry waived = state.checklistEntry("PF_PAUSE_GRADUATION_IF_REPEATED").orElseThrow();
        assertThat(waived.status()).isEqualTo(WAIVED);
        assertThat(waived.evidence()).isEqualTo("first failure in 90 days");
        assertThat(waived.performedAt()).isNull();

        assertThat(statuses(state)).containsEntry("PF_IDENTIFY_FAILING_STAGE", OPEN).containsEntry("CLOSURE_CONDITION", OPEN);
        assertThat(state.closureGaps()).doesNotContain("CHECKLIST/PF_NO_GATE_BYPASS", "CHECKLIST/PF_PAUSE_GRADUATION_IF_REPEATED")
                .contains("CHECKLIST/PF_IDENTIFY_FAILING_STAGE");
    }

    @Test
    void itemsAddedLaterJoinTheChecklistOpen() {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS).then(
                new RecurrenceFlagged(ID, List.of(IncidentId.of("inc-aaaaaaaaaaaa")), 30),
                new ChecklistItemsAdded(ID, List.of(SeverityResponses.recurrenceReview()))));

        assertThat(statuses(state)).containsEntry("RECURRENCE_REVIEW", OPEN).hasSize(11);
        assertThat(state.recurrenceOf()).containsExactly(IncidentId.of("inc-aaaaaaaaaaaa"));
    }

    @Test
    void rolesAreHeldByTheLatestClaimant() {
        IncidentState state = fold(declared(PUBLISH_FAILURE).then(
                ON_CALL,
                new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "dana"),
                new RoleClaimed(ID, IncidentRole.ON_CALL_OPERATOR, "bob")));

        assertThat(state.roles()).containsOnlyKeys(IncidentRole.ON_CALL_OPERATOR, IncidentRole.INCIDENT_OWNER);
        assertThat(state.roles().get(IncidentRole.ON_CALL_OPERATOR))
                .isEqualTo(new IncidentState.RoleHolder("bob", RECORDED_AT.plusSeconds(4)));
        assertThat(state.roles().get(IncidentRole.INCIDENT_OWNER).holder()).isEqualTo("dana");
    }

    @Test
    void aDeclarationAloneLeavesEveryRecordableGap() {
        IncidentState state = fold(declared(IncidentClass.RESOLVER_HEALTH));

        assertThat(state.closureGaps()).containsExactly(
                "EVIDENCE/CONTAINMENT_ACTION",
                "EVIDENCE/ROLLBACK_OR_KILL_SWITCH_ACTION",
                "EVIDENCE/VERIFICATION_RESULT",
                "EVIDENCE/OPERATOR_OR_OWNER",
                "EVIDENCE/FOLLOW_UP_REQUIREMENT",
                "CHECKLIST/RH_VALIDATE_READ_PATH",
                "CHECKLIST/RH_REBIND_IF_NEEDED",
                "CHECKLIST/CLOSURE_CONDITION",
                "CHECKLIST/SEV1_CONTAIN_IMMEDIATELY",
                "CHECKLIST/SEV1_KILL_SWITCH_OR_ROLLBACK",
                "CHECKLIST/SEV1_PRESERVE_EVIDENCE",
                "CHECKLIST/SEV1_SUSPEND_RISKY_FORWARD_CHANGE");
    }

    @Test
    void aFullyEvidencedIncidentHasNoGaps() {
        IncidentState state = fold(GivenIncident.fullyEvidenced(IncidentClass.AI_LANE_INSTABILITY));

        assertThat(state.closureGaps()).isEmpty();
        assertThat(present(state)).containsExactlyInAnyOrder(EvidenceField.values());
    }

    @Test
    void onlyTheLatestVerificationCounts() {
        IncidentState failedLast = fold(GivenIncident.fullyEvidenced(PUBLISH_FAILURE).then(FAILED));
        IncidentState passedLast = fold(GivenIncident.fullyEvidenced(PUBLISH_FAILURE).then(FAILED, PASSED));

        assertThat(failedLast.closureGaps()).containsExactly("VERIFICATION/LATEST_FAILED");
        assertThat(failedLast.latestVerification()).map(IncidentState.Verification::outcome).contains(VerificationOutcome.FAILED);
        assertThat(passedLast.closureGaps()).isEmpty();
        assertThat(passedLast.verifications()).hasSize(3);
    }

    @Test
    void aRequestedSeverityAboveTheFactsIsAnEscalationFloor() {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS, SEV1));

        assertThat(state.severity()).isEqualTo(SEV1);
        assertThat(state.derivedSeverity()).isEqualTo(SEV2);
        assertThat(state.escalationFloor()).isEqualTo(SEV1);
    }

    @Test
    void aDowngradeRemembersTheFactsItWasMadeAgainstAndEndsTheFloor() {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS, SEV1).then(
                new SeverityChanged(ID, SEV1, SEV3, SeverityBasis.DOWNGRADED, "isolated to one scope")));

        assertThat(state.severity()).isEqualTo(SEV3);
        assertThat(state.escalationFloor()).isNull();
        assertThat(state.downgrade()).isEqualTo(new IncidentState.Downgrade(SEV3, SEV2));
        assertThat(state.severityHistory()).containsExactly(new IncidentState.SeverityChange(SEV1, SEV3,
                SeverityBasis.DOWNGRADED, "isolated to one scope", new Provenance("alice", RECORDED_AT.plusSeconds(2))));
    }

    @Test
    void anEscalationSetsTheFloorAndEndsADowngrade() {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS).then(
                new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DOWNGRADED, "isolated"),
                new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.ESCALATED, "users affected")));

        assertThat(state.severity()).isEqualTo(SEV1);
        assertThat(state.escalationFloor()).isEqualTo(SEV1);
        assertThat(state.downgrade()).isNull();
    }

    @Test
    void aDerivedRiseAboveTheDowngradedFactsEndsTheDowngrade() {
        IncidentState held = fold(declared(PUBLISH_FAILURE, SEV2_FACTS).then(
                new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DOWNGRADED, "isolated")));
        IncidentState lapsed = fold(declared(PUBLISH_FAILURE, SEV2_FACTS).then(
                new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DOWNGRADED, "isolated"),
                new ImpactReassessed(ID, ImpactAssessment.nothingKnown(), SEV1),
                new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.DERIVED, "facts unknown")));

        assertThat(held.downgrade()).isEqualTo(new IncidentState.Downgrade(SEV3, SEV2));
        assertThat(lapsed.downgrade()).isNull();
        assertThat(lapsed.derivedSeverity()).isEqualTo(SEV1);
        assertThat(lapsed.impact()).isEqualTo(ImpactAssessment.nothingKnown());
    }

    @Test
    void recurrenceKeepsEachPriorIncidentOnce() {
        IncidentId first = IncidentId.of("inc-aaaaaaaaaaaa");
        IncidentId second = IncidentId.of("inc-bbbbbbbbbbbb");
        IncidentState state = fold(declared(PUBLISH_FAILURE).then(
                new RecurrenceFlagged(ID, List.of(first), 30),
                new RecurrenceFlagged(ID, List.of(first, second), 30)));

        assertThat(state.recurrenceOf()).containsExactly(first, second);
    }

    @Test
    void closingRecordsThePostIncidentRecord() {
        IncidentState state = fold(GivenIncident.closed(PUBLISH_FAILURE));

        assertThat(state.isOpen()).isFalse();
        assertThat(state.status()).isEqualTo(IncidentState.Status.CLOSED);
        assertThat(state.closure().postIncidentRecord()).isEqualTo("post-incident record: the gate held");
        assertThat(state.version()).isEqualTo(GivenIncident.closed(PUBLISH_FAILURE).events().size() - 1);
    }

    @Test
    void notesKeepTheirOwnTimesAndTheLedgersProvenance() {
        IncidentState state = fold(declared(PUBLISH_FAILURE).then(
                new FailureModeObserved(ID, "attestation times out"), CONTAINMENT, FOLLOW_UP,
                new DecisionRecorded(ID, "hold", "LKG is safe")));

        assertThat(state.observedFailureModes()).extracting(IncidentState.Note::text, IncidentState.Note::performedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FAILURE_MODE, DETECTED_AT),
                        org.assertj.core.groups.Tuple.tuple("attestation times out", RECORDED_AT.plusSeconds(2)));
        assertThat(state.containmentActions()).containsExactly(new IncidentState.Note(CONTAINMENT.action(),
                CONTAINMENT.performedAt(), new Provenance("alice", RECORDED_AT.plusSeconds(3))));
        assertThat(state.followUps()).extracting(IncidentState.FollowUp::dueBy).containsExactly(FOLLOW_UP.dueBy());
        assertThat(state.decisions()).extracting(IncidentState.Decision::rationale).containsExactly("LKG is safe");
    }

    @Test
    void theStateRoundTripsThroughJsonUnchanged() throws Exception {
        IncidentState state = fold(declared(PUBLISH_FAILURE, SEV2_FACTS, SEV1).withAllEvidence().then(
                completed("PF_NO_GATE_BYPASS"),
                new ChecklistItemWaived(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "first failure in 90 days"),
                new RoleClaimed(ID, IncidentRole.RELEASE_OWNER, "carol"),
                new SeverityChanged(ID, SEV1, SEV3, SeverityBasis.DOWNGRADED, "isolated"),
                new ChecklistItemsAdded(ID, SeverityResponses.of(SEV3)),
                new RecurrenceFlagged(ID, List.of(IncidentId.of("inc-aaaaaaaaaaaa")), 30),
                new DecisionRecorded(ID, "hold", "LKG is safe"),
                FAILED));

        String written = json.writeValueAsString(state);
        IncidentState read = json.readValue(written, IncidentState.class);

        assertThat(read.closureGaps()).isEqualTo(state.closureGaps()).contains("VERIFICATION/LATEST_FAILED");
        assertThat(read.checklist()).isEqualTo(state.checklist());
        assertThat(read.severity()).isEqualTo(SEV3);
        assertThat(read.derivedSeverity()).isEqualTo(SEV2);
        assertThat(read.downgrade()).isEqualTo(state.downgrade()).isNotNull();
        assertThat(read.severityHistory()).isEqualTo(state.severityHistory());
        assertThat(read.impact()).isEqualTo(SEV2_FACTS);
        assertThat(read.roles()).isEqualTo(state.roles()).hasSize(2);
        assertThat(read.scope()).isEqualTo(SCOPE);
        assertThat(read.trigger()).isEqualTo(TRIGGER);
        assertThat(read.recurrenceOf()).isEqualTo(state.recurrenceOf());
        assertThat(read.version()).isEqualTo(state.version());
        assertThat(present(read)).isEqualTo(present(state));
        assertThat(json.writeValueAsString(read)).isEqualTo(written);
    }

    @Test
    void aStateReadFromJsonKeepsFolding() throws Exception {
        IncidentState stored = json.readValue(json.writeValueAsString(fold(declared(PUBLISH_FAILURE))), IncidentState.class);

        Provenance by = new Provenance("bob", RECORDED_AT);
        stored.apply(CONTAINMENT, by, 2).apply(NO_INTERVENTION, by, 3).apply(PASSED, by, 4)
                .apply(new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "bob"), by, 5).apply(FOLLOW_UP, by, 6);

        assertThat(stored.closureGaps()).allMatch(gap -> gap.startsWith("CHECKLIST/")).hasSize(11);
        assertThat(stored.version()).isEqualTo(6);
    }

    @Test
    void aClosedStateRoundTripsThroughJson() throws Exception {
        IncidentState state = fold(GivenIncident.closed(IncidentClass.BAD_PUBLISH));

        IncidentState read = json.readValue(json.writeValueAsString(state), IncidentState.class);

        assertThat(read.isOpen()).isFalse();
        assertThat(read.closure()).isEqualTo(state.closure());
        assertThat(read.closureGaps()).isEmpty();
        assertThat(read.severity()).isEqualTo(Severity.SEV1);
    }

    @Test
    void firingsAreFoundAndResolvedByTheirKeyBeforeAndAfterAJsonRoundTripWithoutStoringTheIndex() throws Exception {
        Instant start = DETECTED_AT.minusSeconds(60);
        List<IncidentEvent> events = new ArrayList<>(declared(PUBLISH_FAILURE).events());
        for (int n = 0; n < 50; n++) {
            events.add(new AlertFired(ID, new ReceivedAlert("PublishBlocked", "fp-" + n, start, Map.of(), Map.of(), null, "ledger")));
        }
        IncidentState state = fold(events);
        assertThat(state.alert("fp-7@" + start)).map(IncidentState.AlertEntry::fingerprint).contains("fp-7");
        String written = json.writeValueAsString(state);
        assertThat(written).doesNotContain("alertPositions");

        IncidentState read = json.readValue(written, IncidentState.class);
        read.apply(new AlertResolved(ID, "PublishBlocked", "fp-31", start, start.plusSeconds(600)), new Provenance("am", RECORDED_AT), 52)
                .apply(new AlertFired(ID, new ReceivedAlert("PublishBlocked", "fp-50", start, Map.of(), Map.of(), null, "ledger")),
                        new Provenance("am", RECORDED_AT), 53);

        assertThat(read.alert("fp-31@" + start)).map(IncidentState.AlertEntry::endsAt).contains(start.plusSeconds(600));
        assertThat(read.alert("fp-30@" + start)).map(IncidentState.AlertEntry::resolved).contains(false);
        assertThat(read.alert("fp-50@" + start)).isPresent();
        assertThat(read.alert("fp-51@" + start)).isEmpty();
        assertThat(read.alerts()).hasSize(51);
    }
}
