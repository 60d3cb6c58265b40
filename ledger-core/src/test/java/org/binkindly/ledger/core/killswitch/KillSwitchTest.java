package org.binkindly.ledger.core.killswitch;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.binkindly.ledger.core.killswitch.command.ActivateKillSwitch;
import org.binkindly.ledger.core.killswitch.command.ChangeLane;
import org.binkindly.ledger.core.killswitch.command.RecordCleanScheduledRun;
import org.binkindly.ledger.core.killswitch.command.RecordRollbackConfidence;
import org.binkindly.ledger.core.killswitch.command.RecordRuntimePolicyState;
import org.binkindly.ledger.core.killswitch.command.RecordTargetedValidation;
import org.binkindly.ledger.core.killswitch.command.ReleaseKillSwitch;
import org.binkindly.ledger.core.killswitch.command.RuleOutSilentDegrade;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.RuleViolations;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.ACTIVATED_AT;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.AI_LANE_ACTIVATED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.CLEAN_RUN;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.ID;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.INCIDENT;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.LANE_DISABLED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.LANE_NARROWED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.NO_SILENT_DEGRADE;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.POLICY_STATE;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.REASON;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.RELEASED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.ROLLBACK_CONFIDENCE;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.SCOPE;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.STOCKHOLM_PASSED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.UPPSALA_FAILED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.UPPSALA_PASSED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.VALIDATION_FAILED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.VALIDATION_PASSED;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.VERIFIED_REBIND;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.aiLane;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.badPack;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.releasable;
import static org.binkindly.ledger.core.killswitch.GivenKillSwitch.released;
import static org.binkindly.ledger.core.killswitch.LocalityValidation.Outcome.FAILED;
import static org.binkindly.ledger.core.killswitch.LocalityValidation.Outcome.PASSED;
import static org.binkindly.ledger.core.shared.RuleViolations.violation;

class KillSwitchTest {

    private static final String CLEAN_SCHEDULED_RUN = "CLEAN_SCHEDULED_RUN";
    private static final String ROLLBACK = "ROLLBACK_CONFIDENCE";
    private static final String RELEASE_REASON = "clean scheduled run and rollback drill on record";

    private AggregateTestFixture<KillSwitch> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KillSwitch.class);
    }

    private TestExecutor<KillSwitch> given(GivenKillSwitch killSwitch) {
        return fixture.given(killSwitch.events());
    }

    private static ActivateKillSwitch activate(KillSwitchKind kind, String reason, boolean drill) {
        return new ActivateKillSwitch(ID, kind, SCOPE, reason, INCIDENT, drill, ACTIVATED_AT);
    }

    private static RecordTargetedValidation validate(LocalityValidation... results) {
        return new RecordTargetedValidation(ID, Arrays.asList(results));
    }

    // --- ActivateKillSwitch ---

    @Test
    void activatingTheAiLaneKillSwitchRecordsKindScopeReasonIncidentAndTime() {
        fixture.givenNoPriorActivity()
                .when(activate(KillSwitchKind.AI_LANE, REASON, false))
                .expectSuccessfulHandlerExecution()
                .expectEvents(AI_LANE_ACTIVATED);
    }

    @Test
    void aDrillActivationCarriesTheDrillFlag() {
        fixture.givenNoPriorActivity()
                .when(activate(KillSwitchKind.BAD_PACK, "quarterly rollback drill", true))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KillSwitchActivated(ID, KillSwitchKind.BAD_PACK, SCOPE, "quarterly rollback drill",
                        INCIDENT, true, ACTIVATED_AT));
    }

    @Test
    void aKillSwitchCanBeActivatedWithoutAnIncident() {
        fixture.givenNoPriorActivity()
                .when(new ActivateKillSwitch(ID, KillSwitchKind.AI_LANE, SCOPE, REASON, null, false, ACTIVATED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KillSwitchActivated(ID, KillSwitchKind.AI_LANE, SCOPE, REASON, null, false, ACTIVATED_AT));
    }

    @Test
    void theActivationReasonIsKeptWithoutSurroundingWhitespace() {
        fixture.givenNoPriorActivity()
                .when(activate(KillSwitchKind.AI_LANE, "\t " + REASON + "\n", false))
                .expectEvents(AI_LANE_ACTIVATED);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n\t"})
    void activatingWithoutAReasonIsRefused(String reason) {
        fixture.givenNoPriorActivity()
                .when(activate(KillSwitchKind.AI_LANE, reason, false))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void activatingAnActiveKillSwitchAgainRecordsNoSecondActivation() {
        // The aggregate cannot see its own stream at creation; the event store refuses a second one.
        given(aiLane())
                .when(activate(KillSwitchKind.AI_LANE, REASON, false))
                .expectException(EventStoreException.class);
    }

    // --- ChangeLane ---

    @Test
    void disablingTheAiLaneIsRecorded() {
        given(aiLane())
                .when(new ChangeLane(ID, LaneChange.DISABLED, "  " + LANE_DISABLED.detail() + " "))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LANE_DISABLED);
    }

    @Test
    void narrowingAfterDisablingIsRecorded() {
        given(aiLane().then(LANE_DISABLED))
                .when(new ChangeLane(ID, LaneChange.NARROWED, LANE_NARROWED.detail()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LANE_NARROWED);
    }

    @Test
    void theSameChangeWithNewDetailIsRecorded() {
        given(aiLane().then(LANE_DISABLED))
                .when(new ChangeLane(ID, LaneChange.DISABLED, "AI sorter lane off for all of country/se"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LaneChanged(ID, LaneChange.DISABLED, "AI sorter lane off for all of country/se"));
    }

    @Test
    void narrowingWithTheSameDetailAsTheDisablingIsRecorded() {
        given(aiLane().then(LANE_DISABLED))
                .when(new ChangeLane(ID, LaneChange.NARROWED, LANE_DISABLED.detail()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new LaneChanged(ID, LaneChange.NARROWED, LANE_DISABLED.detail()));
    }

    @Test
    void changingTheSameLaneTheSameWayTwiceIsANoOp() {
        given(aiLane().then(LANE_DISABLED))
                .when(new ChangeLane(ID, LaneChange.DISABLED, " " + LANE_DISABLED.detail() + "\n"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void returningToAnEarlierLaneChangeIsRecordedAgain() {
        given(aiLane().then(LANE_DISABLED, LANE_NARROWED))
                .when(new ChangeLane(ID, LaneChange.DISABLED, LANE_DISABLED.detail()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LANE_DISABLED);
    }

    @Test
    void changingTheLaneOnABadPackKillSwitchIsRefused() {
        given(badPack())
                .when(new ChangeLane(ID, LaneChange.DISABLED, LANE_DISABLED.detail()))
                .expectException(violation(RuleCode.LANE_CHANGE_ONLY_FOR_AI_LANE))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void aLaneChangeWithoutDetailIsRefused(String detail) {
        given(aiLane())
                .when(new ChangeLane(ID, LaneChange.NARROWED, detail))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    // --- RuleOutSilentDegrade ---

    @Test
    void rulingOutSilentDegradeRecordsTheEvidence() {
        given(aiLane().then(LANE_DISABLED))
                .when(new RuleOutSilentDegrade(ID, "\n" + NO_SILENT_DEGRADE.evidence() + "  "))
                .expectSuccessfulHandlerExecution()
                .expectEvents(NO_SILENT_DEGRADE);
    }

    @Test
    void furtherSilentDegradeEvidenceIsRecorded() {
        given(aiLane().then(NO_SILENT_DEGRADE))
                .when(new RuleOutSilentDegrade(ID, "resolver probe shows last-known-good for 40 localities"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SilentDegradeRuledOut(ID, "resolver probe shows last-known-good for 40 localities"));
    }

    @Test
    void rulingOutSilentDegradeWithTheSameEvidenceAgainIsANoOp() {
        given(aiLane().then(NO_SILENT_DEGRADE, new SilentDegradeRuledOut(ID, "later evidence")))
                .when(new RuleOutSilentDegrade(ID, NO_SILENT_DEGRADE.evidence()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\r\n"})
    void rulingOutSilentDegradeWithoutEvidenceIsRefused(String evidence) {
        given(aiLane())
                .when(new RuleOutSilentDegrade(ID, evidence))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    // --- RecordTargetedValidation ---

    @Test
    void targetedValidationRecordsAResultPerLocality() {
        given(aiLane())
                .when(validate(STOCKHOLM_PASSED, UPPSALA_PASSED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(VALIDATION_PASSED);
    }

    @Test
    void aFailedLocalityIsRecordedAsFailed() {
        given(aiLane())
                .when(validate(STOCKHOLM_PASSED, UPPSALA_FAILED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(VALIDATION_FAILED);
    }

    @Test
    void localitiesAndNotesAreKeptWithoutSurroundingWhitespaceAndBlankNotesDropped() {
        given(aiLane())
                .when(validate(new LocalityValidation(" se-stockholm\t", PASSED, "   "),
                        new LocalityValidation("se-uppsala", PASSED, "\n12 addresses checked ")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(VALIDATION_PASSED);
    }

    @Test
    void changedValidationResultsAreRecorded() {
        given(aiLane().then(VALIDATION_FAILED))
                .when(validate(STOCKHOLM_PASSED, UPPSALA_PASSED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(VALIDATION_PASSED);
    }

    @Test
    void recordingTheSameValidationResultsAgainIsANoOp() {
        given(aiLane().then(VALIDATION_PASSED))
                .when(validate(new LocalityValidation("se-stockholm ", PASSED, " "), UPPSALA_PASSED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void repeatingAnEarlierValidationAfterADifferentOneIsRecordedAgain() {
        given(aiLane().then(VALIDATION_PASSED, VALIDATION_FAILED))
                .when(validate(STOCKHOLM_PASSED, UPPSALA_PASSED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(VALIDATION_PASSED);
    }

    @Test
    void targetedValidationWithoutLocalitiesIsRefused() {
        given(aiLane())
                .when(new RecordTargetedValidation(ID, List.of()))
                .expectException(violation(RuleCode.VALIDATION_LOCALITIES_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void targetedValidationWithNoResultListIsRefused() {
        given(aiLane())
                .when(new RecordTargetedValidation(ID, null))
                .expectException(violation(RuleCode.VALIDATION_LOCALITIES_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void targetedValidationOfTheMaximumNumberOfLocalitiesIsRecorded() {
        List<LocalityValidation> results = localities(KillSwitch.MAX_VALIDATION_LOCALITIES);
        given(aiLane())
                .when(new RecordTargetedValidation(ID, results))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TargetedValidationRecorded(ID, results));
    }

    @Test
    void targetedValidationOfMoreThanTheMaximumNumberOfLocalitiesIsRefused() {
        given(aiLane())
                .when(new RecordTargetedValidation(ID, localities(KillSwitch.MAX_VALIDATION_LOCALITIES + 1)))
                .expectException(violation(RuleCode.VALIDATION_LOCALITIES_REQUIRED))
                .expectNoEvents();
    }

    private static List<LocalityValidation> localities(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new LocalityValidation("se-%03d".formatted(i), PASSED, null))
                .toList();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "SE-Stockholm", "locality/se-stockholm", "se stockholm", "-se", "../etc", "göteborg"})
    void aBadLocalityIdIsRefused(String locality) {
        given(aiLane())
                .when(validate(STOCKHOLM_PASSED, new LocalityValidation(locality, PASSED, null)))
                .expectException(violation(RuleCode.INVALID_LOCALITY))
                .expectNoEvents();
    }

    @Test
    void aLocalityListedTwiceIsRefused() {
        given(aiLane())
                .when(validate(STOCKHOLM_PASSED, UPPSALA_PASSED, new LocalityValidation("se-stockholm", FAILED, "rerun")))
                .expectException(violation(RuleCode.INVALID_LOCALITY))
                .expectNoEvents();
    }

    @Test
    void aLocalityListedTwiceWithDifferentWhitespaceIsRefused() {
        given(aiLane())
                .when(validate(STOCKHOLM_PASSED, new LocalityValidation(" se-stockholm ", PASSED, null)))
                .expectException(violation(RuleCode.INVALID_LOCALITY))
                .expectNoEvents();
    }

    // --- RecordRuntimePolicyState ---

    @Test
    void theRuntimePolicyStateSeenIsRecorded() {
        given(aiLane())
                .when(new RecordRuntimePolicyState(ID, " deterministic ", "elevated\n", POLICY_STATE.allowedErrorCodes(),
                        POLICY_STATE.graduationCounters()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(POLICY_STATE);
    }

    @Test
    void absentErrorCodesAndCountersAreRecordedAsEmpty() {
        given(aiLane())
                .when(new RecordRuntimePolicyState(ID, "deterministic", "normal", null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RuntimePolicyStateRecorded(ID, "deterministic", "normal", List.of(), Map.of()));
    }

    @Test
    void aChangedRuntimePolicyStateIsRecorded() {
        given(aiLane().then(POLICY_STATE))
                .when(new RecordRuntimePolicyState(ID, "deterministic", "normal", List.of(), Map.of("country/se", 4)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RuntimePolicyStateRecorded(ID, "deterministic", "normal", List.of(),
                        Map.of("country/se", 4)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aPolicyStateWithoutSorterModeIsRefused(String sorterMode) {
        given(aiLane())
                .when(new RecordRuntimePolicyState(ID, sorterMode, "elevated", List.of(), Map.of()))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aPolicyStateWithoutRiskStateIsRefused(String riskState) {
        given(aiLane())
                .when(new RecordRuntimePolicyState(ID, "deterministic", riskState, List.of(), Map.of()))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    // --- RecordCleanScheduledRun ---

    @Test
    void aCleanScheduledRunIsRecorded() {
        given(aiLane().then(LANE_DISABLED))
                .when(new RecordCleanScheduledRun(ID, " " + CLEAN_RUN.runReference(), CLEAN_RUN.completedAt(),
                        CLEAN_RUN.evidence() + "\n"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CLEAN_RUN);
    }

    @Test
    void anotherCleanScheduledRunIsRecorded() {
        given(aiLane().then(CLEAN_RUN))
                .when(new RecordCleanScheduledRun(ID, "sched-2025-03-03-0600", ACTIVATED_AT.plusSeconds(46 * 3600),
                        "second clean run"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CleanScheduledRunRecorded(ID, "sched-2025-03-03-0600",
                        ACTIVATED_AT.plusSeconds(46 * 3600), "second clean run"));
    }

    @Test
    void aCleanRunFromBeforeActivationDoesNotCount() {
        given(aiLane())
                .when(new RecordCleanScheduledRun(ID, "sched-before", ACTIVATED_AT.minusSeconds(86_400), "clean, but earlier"))
                .expectException(RuleViolations.violation(RuleCode.CLEAN_RUN_BEFORE_ACTIVATION))
                .expectNoEvents();
    }

    @Test
    void theSamePolicyStateSeenAgainIsANoOp() {
        given(aiLane().then(POLICY_STATE))
                .when(new RecordRuntimePolicyState(ID, POLICY_STATE.sorterMode(), POLICY_STATE.riskState(),
                        POLICY_STATE.allowedErrorCodes(), POLICY_STATE.graduationCounters()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordingTheSameCleanRunReferenceAgainIsANoOp() {
        given(aiLane().then(CLEAN_RUN))
                .when(new RecordCleanScheduledRun(ID, CLEAN_RUN.runReference() + " ", CLEAN_RUN.completedAt(),
                        CLEAN_RUN.evidence()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void aCleanRunWithoutARunReferenceIsRefused(String reference) {
        given(aiLane())
                .when(new RecordCleanScheduledRun(ID, reference, CLEAN_RUN.completedAt(), CLEAN_RUN.evidence()))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void aCleanRunWithoutEvidenceIsRefused(String evidence) {
        given(aiLane())
                .when(new RecordCleanScheduledRun(ID, CLEAN_RUN.runReference(), CLEAN_RUN.completedAt(), evidence))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    // --- RecordRollbackConfidence ---

    @Test
    void rollbackConfidenceIsRecordedWithItsRebind() {
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, ROLLBACK_CONFIDENCE.evidence() + " ", " rebind-7f3a", VERIFIED_REBIND))
                .expectSuccessfulHandlerExecution()
                .expectEvents(ROLLBACK_CONFIDENCE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void rollbackConfidenceWithoutARebindIsRefused(String rebindReference) {
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, "drill last week restored LKG in 4 minutes", rebindReference))
                .expectException(violation(RuleCode.ROLLBACK_REBIND_NOT_PROOF))
                .expectNoEvents();
    }

    @Test
    void theSameEvidenceWithAnotherRebindIsRecorded() {
        given(aiLane().then(ROLLBACK_CONFIDENCE))
                .when(new RecordRollbackConfidence(ID, ROLLBACK_CONFIDENCE.evidence(), "rebind-9c01",
                        new ReferencedRebind("rebind-9c01", SCOPE, "COMPLETED", true)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RollbackConfidenceRecorded(ID, ROLLBACK_CONFIDENCE.evidence(), "rebind-9c01"));
    }

    @Test
    void recordingTheSameRollbackConfidenceAgainIsANoOp() {
        given(aiLane().then(ROLLBACK_CONFIDENCE))
                .when(new RecordRollbackConfidence(ID, ROLLBACK_CONFIDENCE.evidence(), ROLLBACK_CONFIDENCE.rebindReference(), VERIFIED_REBIND))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void rollbackConfidenceWithoutEvidenceIsRefused(String evidence) {
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, evidence, "rebind-7f3a"))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void aRebindReferenceThatIsNotOnRecordIsRefused() {
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, "trust me", "rb-doesnotexist", null))
                .expectException(violation(RuleCode.ROLLBACK_REBIND_NOT_PROOF))
                .expectNoEvents();
    }

    @Test
    void aRebindOfAnotherScopeIsRefused() {
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, "uppsala drill", "rebind-7f3a",
                        new ReferencedRebind("rebind-7f3a", Scope.parse("locality/se-uppsala"), "COMPLETED", true)))
                .expectException(violation(RuleCode.ROLLBACK_REBIND_NOT_PROOF))
                .expectNoEvents();
    }

    @Test
    void aFailedOrUnverifiedRebindIsRefused() {
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, "it failed", "rebind-7f3a",
                        new ReferencedRebind("rebind-7f3a", SCOPE, "FAILED", false)))
                .expectException(violation(RuleCode.ROLLBACK_REBIND_NOT_PROOF))
                .expectNoEvents();
        fixture = new AggregateTestFixture<>(KillSwitch.class);
        given(aiLane())
                .when(new RecordRollbackConfidence(ID, "still probing", "rebind-7f3a",
                        new ReferencedRebind("rebind-7f3a", SCOPE, "VERIFIED", true)))
                .expectException(violation(RuleCode.ROLLBACK_REBIND_NOT_PROOF))
                .expectNoEvents();
    }

    // --- ReleaseKillSwitch ---

    @Test
    void aFailedValidationBlocksReleaseUntilThatLocalityPassesAgain() {
        given(aiLane().then(LANE_DISABLED, CLEAN_RUN, ROLLBACK_CONFIDENCE,
                new TargetedValidationRecorded(ID, List.of(STOCKHOLM_PASSED, UPPSALA_FAILED))))
                .when(new ReleaseKillSwitch(ID, RELEASE_REASON))
                .expectException(violation(RuleCode.KILL_SWITCH_RELEASE_NOT_EARNED, List.of("TARGETED_VALIDATION/se-uppsala")))
                .expectNoEvents();
        fixture = new AggregateTestFixture<>(KillSwitch.class);
        given(aiLane().then(LANE_DISABLED, CLEAN_RUN, ROLLBACK_CONFIDENCE,
                new TargetedValidationRecorded(ID, List.of(STOCKHOLM_PASSED, UPPSALA_FAILED)),
                new TargetedValidationRecorded(ID, List.of(UPPSALA_PASSED))))
                .when(new ReleaseKillSwitch(ID, RELEASE_REASON))
                .expectSuccessfulHandlerExecution()
                .expectEvents(RELEASED);
    }

    @Test
    void releaseIsRefusedUntilCleanScheduledRunAndRollbackConfidenceAreRecorded() {
        given(aiLane().then(LANE_DISABLED, NO_SILENT_DEGRADE, VALIDATION_PASSED, POLICY_STATE))
                .when(new ReleaseKillSwitch(ID, RELEASE_REASON))
                .expectException(violation(RuleCode.KILL_SWITCH_RELEASE_NOT_EARNED, List.of(CLEAN_SCHEDULED_RUN, ROLLBACK)))
                .expectNoEvents();
    }

    @Test
    void releaseIsRefusedWithoutACleanScheduledRun() {
        given(aiLane().then(LANE_DISABLED, ROLLBACK_CONFIDENCE))
                .when(new ReleaseKillSwitch(ID, RELEASE_REASON))
                .expectException(violation(RuleCode.KILL_SWITCH_RELEASE_NOT_EARNED, List.of(CLEAN_SCHEDULED_RUN)))
                .expectNoEvents();
    }

    @Test
    void releaseIsRefusedWithoutRollbackConfidence() {
        given(aiLane().then(LANE_DISABLED, CLEAN_RUN))
                .when(new ReleaseKillSwitch(ID, RELEASE_REASON))
                .expectException(violation(RuleCode.KILL_SWITCH_RELEASE_NOT_EARNED, List.of(ROLLBACK)))
                .expectNoEvents();
    }

    @Test
    void releaseIsRecordedOnceCleanScheduledRunAndRollbackConfidenceAreRecorded() {
        given(releasable())
                .when(new ReleaseKillSwitch(ID, " " + RELEASE_REASON + "\n"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(RELEASED);
    }

    @Test
    void aBadPackKillSwitchIsReleasedOnTheSameEvidence() {
        given(badPack().then(CLEAN_RUN, ROLLBACK_CONFIDENCE))
                .when(new ReleaseKillSwitch(ID, RELEASE_REASON))
                .expectSuccessfulHandlerExecution()
                .expectEvents(RELEASED);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void releasingWithoutAReasonIsRefused(String reason) {
        given(releasable())
                .when(new ReleaseKillSwitch(ID, reason))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void releasingAReleasedKillSwitchIsANoOp() {
        given(released())
                .when(new ReleaseKillSwitch(ID, "released again from another console"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- after release ---

    static Stream<Object> commandsThatChangeAKillSwitch() {
        List<Object> commands = new ArrayList<>();
        commands.add(new ChangeLane(ID, LaneChange.NARROWED, "re-narrowed"));
        commands.add(new ChangeLane(ID, LANE_DISABLED.change(), LANE_DISABLED.detail()));
        commands.add(new RuleOutSilentDegrade(ID, "more evidence"));
        commands.add(new RuleOutSilentDegrade(ID, NO_SILENT_DEGRADE.evidence()));
        commands.add(validate(STOCKHOLM_PASSED, UPPSALA_FAILED));
        commands.add(validate(STOCKHOLM_PASSED, UPPSALA_PASSED));
        commands.add(new RecordRuntimePolicyState(ID, "deterministic", "normal", List.of(), Map.of()));
        commands.add(new RecordCleanScheduledRun(ID, "sched-2025-03-04-0600", ACTIVATED_AT.plusSeconds(70 * 3600), "clean"));
        commands.add(new RecordCleanScheduledRun(ID, CLEAN_RUN.runReference(), CLEAN_RUN.completedAt(), CLEAN_RUN.evidence()));
        commands.add(new RecordRollbackConfidence(ID, ROLLBACK_CONFIDENCE.evidence(), ROLLBACK_CONFIDENCE.rebindReference(), VERIFIED_REBIND));
        return commands.stream();
    }

    @ParameterizedTest
    @MethodSource("commandsThatChangeAKillSwitch")
    void commandsOnAReleasedKillSwitchAreRefused(Object command) {
        given(released())
                .when(command)
                .expectException(violation(RuleCode.KILL_SWITCH_RELEASED))
                .expectNoEvents();
    }

    @Test
    void changingTheLaneOnAReleasedBadPackKillSwitchIsRefusedAsReleased() {
        given(badPack().then(CLEAN_RUN, ROLLBACK_CONFIDENCE, RELEASED))
                .when(new ChangeLane(ID, LaneChange.DISABLED, "off"))
                .expectException(violation(RuleCode.KILL_SWITCH_RELEASED))
                .expectNoEvents();
    }
}
