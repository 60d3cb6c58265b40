package org.binkindly.ledger.core.rebind;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.binkindly.ledger.core.rebind.command.DisableOverlay;
import org.binkindly.ledger.core.rebind.command.RecordActiveRestore;
import org.binkindly.ledger.core.rebind.command.RecordActiveWrite;
import org.binkindly.ledger.core.rebind.command.RecordIntegrityReadback;
import org.binkindly.ledger.core.rebind.command.RecordManifestProbe;
import org.binkindly.ledger.core.rebind.command.RecordResolutionProbes;
import org.binkindly.ledger.core.rebind.command.StartRebind;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.RuleCode;
import org.hamcrest.CoreMatchers;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.binkindly.ledger.core.rebind.GivenRebind.ACTIVE;
import static org.binkindly.ledger.core.rebind.GivenRebind.BAD_MANIFEST_SHA;
import static org.binkindly.ledger.core.rebind.GivenRebind.CONFIRMED;
import static org.binkindly.ledger.core.rebind.GivenRebind.ID;
import static org.binkindly.ledger.core.rebind.GivenRebind.INCIDENT;
import static org.binkindly.ledger.core.rebind.GivenRebind.INTEGRITY_DEADLINE;
import static org.binkindly.ledger.core.rebind.GivenRebind.INTEGRITY_DEADLINE_NAME;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG_MANIFEST_SHA;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG_PACK_KEY;
import static org.binkindly.ledger.core.rebind.GivenRebind.LKG_PACK_SHA;
import static org.binkindly.ledger.core.rebind.GivenRebind.NEW_ETAG;
import static org.binkindly.ledger.core.rebind.GivenRebind.OTHER_SCOPE;
import static org.binkindly.ledger.core.rebind.GivenRebind.PACK_BYTES;
import static org.binkindly.ledger.core.rebind.GivenRebind.PASSING_PROBES;
import static org.binkindly.ledger.core.rebind.GivenRebind.RESOLVER_OK;
import static org.binkindly.ledger.core.rebind.GivenRebind.RESTORE_DEADLINE;
import static org.binkindly.ledger.core.rebind.GivenRebind.RESTORE_DEADLINE_NAME;
import static org.binkindly.ledger.core.rebind.GivenRebind.RULES_DOWN;
import static org.binkindly.ledger.core.rebind.GivenRebind.SCOPE;
import static org.binkindly.ledger.core.rebind.GivenRebind.TAMPERED_PACK_SHA;
import static org.binkindly.ledger.core.rebind.GivenRebind.VERSION_ID;
import static org.binkindly.ledger.core.rebind.GivenRebind.completedRebind;
import static org.binkindly.ledger.core.rebind.GivenRebind.failedAtReadback;
import static org.binkindly.ledger.core.rebind.GivenRebind.failedRebind;
import static org.binkindly.ledger.core.rebind.GivenRebind.probe;
import static org.binkindly.ledger.core.rebind.GivenRebind.probed;
import static org.binkindly.ledger.core.rebind.GivenRebind.readback;
import static org.binkindly.ledger.core.rebind.GivenRebind.rebound;
import static org.binkindly.ledger.core.rebind.GivenRebind.resolutionProbes;
import static org.binkindly.ledger.core.rebind.GivenRebind.start;
import static org.binkindly.ledger.core.rebind.GivenRebind.started;
import static org.binkindly.ledger.core.rebind.GivenRebind.startedFor;
import static org.binkindly.ledger.core.rebind.GivenRebind.verified;
import static org.binkindly.ledger.core.rebind.GivenRebind.write;
import static org.binkindly.ledger.core.shared.RuleViolations.violation;

class RebindTest {

    private static final Map<String, String> ALICE = Map.of(MetadataKeys.ACTOR, "alice");

    private AggregateTestFixture<Rebind> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Rebind.class);
    }

    private TestExecutor<Rebind> given(RebindEvent... events) {
        return fixture.givenCurrentTime(CONFIRMED).andGiven(Arrays.asList(events));
    }

    private TestExecutor<Rebind> given(List<RebindEvent> events) {
        return fixture.givenCurrentTime(CONFIRMED).andGiven(events);
    }

    /**
     * Started from a recorded event (so no deadline is scheduled and "now" can still be moved), then
     * each checklist step recorded by its command at the given minute after the bad publish was confirmed.
     */
    private TestExecutor<Rebind> walkedThrough(long probeMinute, long writeMinute, long readbackMinute) {
        return fixture.givenCurrentTime(CONFIRMED).andGiven(started())
                .andGivenCurrentTime(minute(probeMinute)).andGivenCommands(probe())
                .andGivenCurrentTime(minute(writeMinute)).andGivenCommands(write())
                .andGivenCurrentTime(minute(readbackMinute)).andGivenCommands(readback());
    }

    /** Started by its command at the confirmation time, so both objective deadlines are scheduled. */
    private TestExecutor<Rebind> startedWithDeadlines(Object... laterCommands) {
        return fixture.givenCurrentTime(CONFIRMED).andGivenCommands(start()).andGivenCommands(laterCommands);
    }

    private static Instant minute(long minutes) {
        return CONFIRMED.plus(Duration.ofMinutes(minutes));
    }

    private static Matcher<List<Message<?>>> onlyFailure(
            RebindStep step, String... reasonMentions) {
        return payloadsMatching(exactSequenceOf(failure(step, reasonMentions), andNoMore()));
    }

    /** A RebindFailed at this step whose reason names each of the given facts. */
    private static Matcher<Object> failure(RebindStep step, String... reasonMentions) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof RebindFailed failed && failed.rebindId().equals(ID) && failed.step() == step
                        && failed.reason() != null && Arrays.stream(reasonMentions).allMatch(failed.reason()::contains);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RebindFailed at ").appendValue(step).appendText(" with a reason mentioning ")
                        .appendValueList("", ", ", "", reasonMentions);
            }
        };
    }

    // --- StartRebind

    @Test
    void startingRecordsTheObjectiveDeadlinesFromTheConfirmedBadPublish() {
        fixture.givenCurrentTime(CONFIRMED.plus(Duration.ofMinutes(3)))
                .when(start(), ALICE)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RebindStarted(ID, SCOPE, null, INCIDENT, false, RebindMode.AUTOMATIC, CONFIRMED,
                        Instant.parse("2025-03-01T08:15:00Z"), Instant.parse("2025-03-01T08:30:00Z")));
    }

    @Test
    void startingSchedulesBothObjectiveDeadlines() {
        fixture.givenCurrentTime(CONFIRMED.plus(Duration.ofMinutes(3)))
                .when(start())
                .expectSuccessfulHandlerExecution()
                .expectScheduledDeadlineWithName(Instant.parse("2025-03-01T08:15:00Z"), "rebind-restore-objective")
                .expectScheduledDeadlineWithName(Instant.parse("2025-03-01T08:30:00Z"), "rebind-integrity-objective")
                .expectScheduledDeadlineWithName(Duration.ofMinutes(12), Objective.RESTORE.deadlineName())
                .expectScheduledDeadlineWithName(Duration.ofMinutes(27), Objective.INTEGRITY.deadlineName());
    }

    @Test
    void startingToANamedManifestKeepsItsIdAndTheRequestedMode() {
        fixture.givenCurrentTime(CONFIRMED)
                .when(new StartRebind(ID, SCOPE, "  mf-2025-02-20-0600 ", INCIDENT, false, RebindMode.MANUAL, CONFIRMED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RebindStarted(ID, SCOPE, "mf-2025-02-20-0600", INCIDENT, false, RebindMode.MANUAL,
                        CONFIRMED, RESTORE_DEADLINE, INTEGRITY_DEADLINE));
    }

    @Test
    void anAutomaticDrillIsRehearsedAndAManualOneIsRecordedAsTheOperatorDidIt() {
        fixture.givenCurrentTime(CONFIRMED)
                .when(new StartRebind(ID, SCOPE, null, null, true, RebindMode.AUTOMATIC, CONFIRMED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RebindStarted(ID, SCOPE, null, null, true, RebindMode.AUTOMATIC, CONFIRMED, RESTORE_DEADLINE,
                        INTEGRITY_DEADLINE, true));
        fixture = new AggregateTestFixture<>(Rebind.class);
        fixture.givenCurrentTime(CONFIRMED)
                .when(new StartRebind(ID, SCOPE, null, null, true, RebindMode.MANUAL, CONFIRMED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RebindStarted(ID, SCOPE, null, null, true, RebindMode.MANUAL, CONFIRMED, RESTORE_DEADLINE,
                        INTEGRITY_DEADLINE, false));
    }

    @Test
    void aDrillCannotBeAnIncidentsRebind() {
        fixture.givenCurrentTime(CONFIRMED)
                .when(new StartRebind(ID, SCOPE, null, INCIDENT, true, RebindMode.AUTOMATIC, CONFIRMED))
                .expectException(violation(RuleCode.DRILL_LINKED_TO_INCIDENT))
                .expectNoEvents();
    }

    @Test
    void startingWithoutAModeIsAutomaticAndABlankTargetMeansLastKnownGood() {
        fixture.givenCurrentTime(CONFIRMED)
                .when(new StartRebind(ID, SCOPE, "   ", null, false, null, CONFIRMED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RebindStarted(ID, SCOPE, null, null, false, RebindMode.AUTOMATIC, CONFIRMED,
                        RESTORE_DEADLINE, INTEGRITY_DEADLINE));
    }

    // --- the checklist, step by step

    @Test
    void aManifestProbeRecordsTheActiveManifestAndTheTarget() {
        given(started())
                .when(probe())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ManifestProbed(ID, ACTIVE, LKG));
    }

    @Test
    void aProbeOfAScopeWithoutActiveManifestIsAccepted() {
        given(started())
                .when(new RecordManifestProbe(ID, null, LKG, LKG_PACK_SHA, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ManifestProbed(ID, null, LKG));
    }

    @Test
    void aTargetPackThatHashesToOtherThanItsDeclarationFailsTheProbeBeforeAnyWrite() {
        given(started())
                .when(new RecordManifestProbe(ID, ACTIVE, LKG, TAMPERED_PACK_SHA, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.MANIFEST_PROBE, LKG_PACK_KEY, TAMPERED_PACK_SHA, LKG_PACK_SHA,
                        "nothing was written"));
    }

    @Test
    void anAutomaticProbeWithoutThePackCheckIsRefused() {
        given(started())
                .when(new RecordManifestProbe(ID, ACTIVE, LKG, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void aManualProbeMayLeaveOutThePackCheckButAGivenOneIsChecked() {
        given(startedFor(LKG.manifestId()))
                .when(new RecordManifestProbe(ID, ACTIVE, LKG, null))
                .expectEvents(new ManifestProbed(ID, ACTIVE, LKG));
        fixture = new AggregateTestFixture<>(Rebind.class);
        given(startedFor(LKG.manifestId()))
                .when(new RecordManifestProbe(ID, ACTIVE, LKG, TAMPERED_PACK_SHA, null))
                .expectEventsMatching(onlyFailure(RebindStep.MANIFEST_PROBE, TAMPERED_PACK_SHA));
    }

    // --- putting back what a failed write replaced

    @Test
    void aRebindThatWroteAndFailedRecordsPuttingBackTheManifestItReplaced() {
        given(started(), probed(), rebound(), failedAtReadback())
                .when(new RecordActiveRestore(ID, WriteResult.WRITTEN, "\"0badc0de\"", "v-000043", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ActiveManifestRestored(ID, ACTIVE.manifestId(), BAD_MANIFEST_SHA, NEW_ETAG, "\"0badc0de\"",
                        "v-000043"));
    }

    @Test
    void aRestoreThatStorageRefusedIsRecordedWithItsReason() {
        given(started(), probed(), rebound(), failedAtReadback())
                .when(new RecordActiveRestore(ID, WriteResult.CONFLICT, null, null, "active.json changed since the write"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ActiveManifestRestoreFailed(ID, WriteResult.CONFLICT, "active.json changed since the write"));
    }

    @Test
    void aRestoreIsRefusedForARebindThatDidNotFailAfterWriting() {
        given(started(), probed(), rebound())
                .when(new RecordActiveRestore(ID, WriteResult.WRITTEN, "\"0badc0de\"", null, null))
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void aRestoreIsRecordedOnceAndItsRepeatIsANoOp() {
        given(started(), probed(), rebound(), failedAtReadback(),
                new ActiveManifestRestored(ID, ACTIVE.manifestId(), BAD_MANIFEST_SHA, NEW_ETAG, "\"0badc0de\"", null))
                .when(new RecordActiveRestore(ID, WriteResult.WRITTEN, "\"0badc0de\"", null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aWriteRecordsStoragesAnswerForTheTarget() {
        given(started(), probed())
                .when(new RecordActiveWrite(ID, WriteResult.WRITTEN, "  " + NEW_ETAG + " ", " " + VERSION_ID, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ActiveManifestRebound(ID, LKG.manifestId(), LKG_MANIFEST_SHA, NEW_ETAG, VERSION_ID));
    }

    @Test
    void aWriteWithoutVersionIdIsAccepted() {
        given(started(), probed())
                .when(new RecordActiveWrite(ID, WriteResult.WRITTEN, NEW_ETAG, "  ", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ActiveManifestRebound(ID, LKG.manifestId(), LKG_MANIFEST_SHA, NEW_ETAG, null));
    }

    @Test
    void aMatchingReadbackConfirmsIntegrity() {
        given(started(), probed(), rebound())
                .when(readback())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new IntegrityConfirmed(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, PACK_BYTES));
    }

    @Test
    void aReadbackInUpperCaseHexMatchesAndIsRecordedInLowerCase() {
        given(started(), probed(), rebound())
                .when(new RecordIntegrityReadback(ID, LKG_MANIFEST_SHA.toUpperCase(), LKG_PACK_SHA.toUpperCase(),
                        LKG_PACK_SHA.toUpperCase(), PACK_BYTES, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new IntegrityConfirmed(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, PACK_BYTES));
    }

    @Test
    void passingResolutionProbesCompleteTheRebindWithItsTimings() {
        walkedThrough(2, 9, 20)
                .andGivenCurrentTime(minute(22))
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, minute(9), minute(20), 9 * 60, 20 * 60, true, true));
    }

    @Test
    void theWholeChecklistRecordedByCommandsEndsCompleted() {
        fixture.givenCurrentTime(CONFIRMED)
                .andGivenCommands(start(), probe(), write(), readback())
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, CONFIRMED, CONFIRMED, 0, 0, true, true));
    }

    @Test
    void aWriteAfterFifteenMinutesMissesTheRestoreObjective() {
        walkedThrough(2, 16, 20)
                .andGivenCurrentTime(minute(21))
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, minute(16), minute(20), 16 * 60, 20 * 60, false, true));
    }

    @Test
    void aWriteExactlyAtTheRestoreDeadlineMeetsTheObjective() {
        walkedThrough(2, 15, 20)
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, minute(15), minute(20), 15 * 60, 20 * 60, true, true));
    }

    @Test
    void aReadbackAfterThirtyMinutesMissesTheIntegrityObjective() {
        walkedThrough(2, 9, 31)
                .andGivenCurrentTime(minute(40))
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, minute(9), minute(31), 9 * 60, 31 * 60, true, false));
    }

    @Test
    void theTimingsCountFromTheConfirmedBadPublishNotFromTheStart() {
        // started twenty minutes after the bad publish was confirmed: the objective is already partly spent
        fixture.givenCurrentTime(minute(20)).andGiven(started())
                .andGivenCommands(probe(), write(), readback())
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, minute(20), minute(20), 20 * 60, 20 * 60, false, true));
    }

    // --- failures: each one ends the rebind with its step

    @Test
    void anUnreadableStorageFailsTheManifestProbe() {
        given(started())
                .when(new RecordManifestProbe(ID, null, null, "connection reset by peer"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.MANIFEST_PROBE, "connection reset by peer"));
    }

    @Test
    void aScopeWithoutLastKnownGoodFailsTheManifestProbe() {
        given(started())
                .when(new RecordManifestProbe(ID, ACTIVE, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.MANIFEST_PROBE, "no last known good", SCOPE.toString()));
    }

    @Test
    void aNamedTargetMissingFromHistoryFailsTheManifestProbe() {
        given(startedFor("mf-2025-02-20-0600"))
                .when(new RecordManifestProbe(ID, ACTIVE, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.MANIFEST_PROBE, "mf-2025-02-20-0600", SCOPE.toString()));
    }

    @Test
    void aConflictingWriteFailsTheRebindWithoutOverwriting() {
        given(started(), probed())
                .when(new RecordActiveWrite(ID, WriteResult.CONFLICT, null, null, "active ETag is now \"0000\""))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.ACTIVE_WRITE, "changed since it was probed",
                        "active ETag is now \"0000\""));
    }

    @Test
    void aFailedWriteFailsTheRebind() {
        given(started(), probed())
                .when(new RecordActiveWrite(ID, WriteResult.FAILED, null, null, "403 AccessDenied"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.ACTIVE_WRITE, "refused or failed", "403 AccessDenied"));
    }

    @Test
    void aFailedWriteWithoutDetailStillFailsTheRebind() {
        given(started(), probed())
                .when(new RecordActiveWrite(ID, WriteResult.FAILED, null, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.ACTIVE_WRITE, "refused or failed"));
    }

    @Test
    void anActiveManifestThatReadsBackDifferentlyFailsTheReadback() {
        given(started(), probed(), rebound())
                .when(new RecordIntegrityReadback(ID, BAD_MANIFEST_SHA, LKG_PACK_SHA, LKG_PACK_SHA, PACK_BYTES, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.INTEGRITY_READBACK, BAD_MANIFEST_SHA, LKG_MANIFEST_SHA));
    }

    @Test
    void aTamperedPackFailsTheReadback() {
        given(started(), probed(), rebound())
                .when(new RecordIntegrityReadback(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, TAMPERED_PACK_SHA, PACK_BYTES, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.INTEGRITY_READBACK, LKG_PACK_KEY, TAMPERED_PACK_SHA,
                        LKG_PACK_SHA));
    }

    @Test
    void aReadbackThatCouldNotReadFailsTheReadback() {
        given(started(), probed(), rebound())
                .when(new RecordIntegrityReadback(ID, null, null, null, 0, "pack object not found"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyFailure(RebindStep.INTEGRITY_READBACK, "pack object not found"));
    }

    @Test
    void aFailingResolutionProbeIsLoggedAndFailsTheRebind() {
        List<ResolutionProbe> probes = List.of(RESOLVER_OK, RULES_DOWN);
        given(started(), probed(), rebound(), verified())
                .when(new RecordResolutionProbes(ID, probes))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        CoreMatchers.<Object>equalTo(new ResolutionProbed(ID, probes, false)),
                        failure(RebindStep.RESOLUTION_PROBES, "RULES_API", RULES_DOWN.url(), "503", "upstream timeout"),
                        andNoMore())));
    }

    // --- out of order

    @Test
    void aWriteBeforeTheManifestProbeIsRefused() {
        given(started())
                .when(write())
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void aConflictBeforeTheManifestProbeIsRefused() {
        given(started())
                .when(new RecordActiveWrite(ID, WriteResult.CONFLICT, null, null, "changed"))
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void aReadbackBeforeTheWriteIsRefused() {
        given(started(), probed())
                .when(readback())
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void aReadbackFailureBeforeTheWriteIsRefused() {
        given(started(), probed())
                .when(new RecordIntegrityReadback(ID, null, null, null, 0, "not found"))
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void resolutionProbesBeforeTheReadbackAreRefused() {
        given(started(), probed(), rebound())
                .when(resolutionProbes())
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void resolutionProbesRightAfterStartAreRefused() {
        given(started())
                .when(resolutionProbes())
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void anotherProbeAfterTheWriteIsRefused() {
        given(started(), probed(), rebound())
                .when(new RecordManifestProbe(ID, LKG, ACTIVE, null))
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void aSecondWriteWithAnotherEtagIsRefused() {
        given(started(), probed(), rebound())
                .when(new RecordActiveWrite(ID, WriteResult.WRITTEN, "\"11112222\"", "v-000043", null))
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    @Test
    void aDifferentReadbackAfterIntegrityWasConfirmedIsRefused() {
        given(started(), probed(), rebound(), verified())
                .when(new RecordIntegrityReadback(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, TAMPERED_PACK_SHA, PACK_BYTES, null))
                .expectException(violation(RuleCode.REBIND_STEP_OUT_OF_ORDER))
                .expectNoEvents();
    }

    // --- finished rebinds

    static Stream<Object> checklistCommands() {
        return Stream.of(probe(), new RecordManifestProbe(ID, null, null, "timeout"), write(),
                new RecordActiveWrite(ID, WriteResult.FAILED, null, null, "503"), readback(),
                new RecordIntegrityReadback(ID, null, null, null, 0, "not found"), resolutionProbes());
    }

    @ParameterizedTest
    @MethodSource("checklistCommands")
    void noStepIsRecordedAfterCompletion(Object command) {
        given(completedRebind())
                .when(command)
                .expectException(violation(RuleCode.REBIND_FINISHED))
                .expectNoEvents();
    }

    @ParameterizedTest
    @MethodSource("checklistCommands")
    void noStepIsRecordedAfterFailure(Object command) {
        given(failedRebind())
                .when(command)
                .expectException(violation(RuleCode.REBIND_FINISHED))
                .expectNoEvents();
    }

    @Test
    void aRebindThatFailedAtTheWriteRefusesTheReadback() {
        given(started(), probed(), new RebindFailed(ID, RebindStep.ACTIVE_WRITE, "storage refused or failed the write"))
                .when(readback())
                .expectException(violation(RuleCode.REBIND_FINISHED))
                .expectNoEvents();
    }

    @Test
    void aRebindWhoseProbesFailedRefusesNewProbes() {
        given(started(), probed(), rebound(), verified(), new ResolutionProbed(ID, List.of(RULES_DOWN), false),
                new RebindFailed(ID, RebindStep.RESOLUTION_PROBES, "RULES_API answered 503"))
                .when(resolutionProbes())
                .expectException(violation(RuleCode.REBIND_FINISHED))
                .expectNoEvents();
    }

    // --- evidence

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void aWrittenResultWithoutEtagIsRefused(String etag) {
        given(started(), probed())
                .when(new RecordActiveWrite(ID, WriteResult.WRITTEN, etag, VERSION_ID, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aReadbackWithoutManifestShaIsRefused(String manifestSha) {
        given(started(), probed(), rebound())
                .when(new RecordIntegrityReadback(ID, manifestSha, LKG_PACK_SHA, LKG_PACK_SHA, PACK_BYTES, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aReadbackWithoutRecomputedPackShaIsRefused(String packSha) {
        given(started(), probed(), rebound())
                .when(new RecordIntegrityReadback(ID, LKG_MANIFEST_SHA, LKG_PACK_SHA, packSha, PACK_BYTES, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void anEmptyProbeLogIsRefused() {
        given(started(), probed(), rebound(), verified())
                .when(new RecordResolutionProbes(ID, List.of()))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void aMissingProbeLogIsRefused() {
        given(started(), probed(), rebound(), verified())
                .when(new RecordResolutionProbes(ID, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void aTargetWithoutManifestShaIsRefused() {
        StoredManifest unhashed = new StoredManifest(LKG.manifestId(), SCOPE, LKG_PACK_KEY, LKG_PACK_SHA,
                LKG.publishedAt(), " ", LKG.etag());
        given(started())
                .when(new RecordManifestProbe(ID, ACTIVE, unhashed, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void aTargetWithoutDeclaredPackShaIsRefused() {
        StoredManifest undeclared = new StoredManifest(LKG.manifestId(), SCOPE, LKG_PACK_KEY, null,
                LKG.publishedAt(), LKG_MANIFEST_SHA, LKG.etag());
        given(started())
                .when(new RecordManifestProbe(ID, ACTIVE, undeclared, null))
                .expectException(violation(RuleCode.REBIND_EVIDENCE_REQUIRED))
                .expectNoEvents();
    }

    @Test
    void aTargetDeclaringAnotherScopeIsRefused() {
        StoredManifest uppsala = new StoredManifest(LKG.manifestId(), OTHER_SCOPE, LKG_PACK_KEY, LKG_PACK_SHA,
                LKG.publishedAt(), LKG_MANIFEST_SHA, LKG.etag());
        given(started())
                .when(new RecordManifestProbe(ID, ACTIVE, uppsala, null))
                .expectException(violation(RuleCode.REBIND_TARGET_WRONG_SCOPE))
                .expectNoEvents();
    }

    // --- repeats

    @Test
    void repeatingTheSameProbeIsANoOp() {
        given(started(), probed())
                .when(probe())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void repeatingTheSameWriteIsANoOp() {
        given(started(), probed(), rebound())
                .when(write())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void repeatingTheSameReadbackIsANoOp() {
        given(started(), probed(), rebound(), verified())
                .when(readback())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- overlay

    @Test
    void disablingTheOverlayIsRecorded() {
        given(started())
                .when(new DisableOverlay(ID, "  overlay serves last week's collection days "), ALICE)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OverlayDisabled(ID, "overlay serves last week's collection days"));
    }

    @Test
    void disablingTheOverlayAgainIsANoOp() {
        given(started(), new OverlayDisabled(ID, "overlay serves last week's collection days"))
                .when(new DisableOverlay(ID, "still wrong"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theOverlayCanBeDisabledAfterTheRebindCompleted() {
        given(completedRebind())
                .when(new DisableOverlay(ID, "baseline only until the overlay is republished"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OverlayDisabled(ID, "baseline only until the overlay is republished"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void disablingTheOverlayWithoutReasonIsRefused(String reason) {
        given(started())
                .when(new DisableOverlay(ID, reason))
                .expectException(violation(RuleCode.TEXT_REQUIRED))
                .expectNoEvents();
    }

    // --- objective deadlines

    @Test
    void theRestoreDeadlinePassingBeforeAWriteBreachesTheRestoreObjective() {
        startedWithDeadlines(probe())
                .whenTimeElapses(Duration.ofMinutes(16))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME)
                .expectEvents(new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE));
    }

    @Test
    void aBreachNamesTheObjectiveTimerAsItsActorNotNobody() {
        startedWithDeadlines(probe())
                .whenTimeElapses(Duration.ofMinutes(16))
                .expectEventsMatching(exactSequenceOf(new org.hamcrest.TypeSafeMatcher<org.axonframework.eventhandling.EventMessage<?>>() {
                    @Override
                    protected boolean matchesSafely(org.axonframework.eventhandling.EventMessage<?> message) {
                        return message.getPayload().equals(new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE))
                                && Rebind.OBJECTIVE_TIMER.equals(message.getMetaData().get(MetadataKeys.ACTOR))
                                && "ledger".equals(message.getMetaData().get(MetadataKeys.ACTOR_SOURCE));
                    }

                    @Override
                    public void describeTo(org.hamcrest.Description description) {
                        description.appendText("ObjectiveBreached with actor " + Rebind.OBJECTIVE_TIMER + " and actorSource ledger");
                    }
                }, andNoMore()));
    }

    @Test
    void nothingIsBreachedBeforeTheRestoreDeadline() {
        startedWithDeadlines(probe())
                .whenTimeElapses(Duration.ofMinutes(14))
                .expectTriggeredDeadlinesWithName()
                .expectNoEvents();
    }

    @Test
    void bothDeadlinesPassingBreachEachObjectiveExactlyOnce() {
        startedWithDeadlines()
                .whenTimeElapses(Duration.ofHours(2))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME, INTEGRITY_DEADLINE_NAME)
                .expectEvents(
                        new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE),
                        new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aWriteInTimeLeavesTheRestoreObjectiveUnbreached() {
        startedWithDeadlines(probe(), write())
                .whenTimeElapses(Duration.ofMinutes(16))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME)
                .expectNoEvents();
    }

    @Test
    void aWriteInTimeWithoutReadbackBreachesOnlyTheIntegrityObjective() {
        startedWithDeadlines(probe(), write())
                .whenTimeAdvancesTo(INTEGRITY_DEADLINE.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME, INTEGRITY_DEADLINE_NAME)
                .expectEvents(new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE));
    }

    @Test
    void aReadbackInTimeLeavesBothObjectivesUnbreached() {
        startedWithDeadlines(probe(), write(), readback())
                .whenTimeElapses(Duration.ofHours(1))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME, INTEGRITY_DEADLINE_NAME)
                .expectNoEvents();
    }

    @Test
    void aCompletedRebindIsNeverBreached() {
        startedWithDeadlines(probe(), write(), readback(), resolutionProbes())
                .whenTimeElapses(Duration.ofHours(1))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME, INTEGRITY_DEADLINE_NAME)
                .expectNoEvents();
    }

    @Test
    void aRebindThatFailedBeforeTheWriteStillGetsBothBreaches() {
        startedWithDeadlines(new RecordManifestProbe(ID, null, null, "timeout"))
                .whenTimeElapses(Duration.ofHours(1))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME, INTEGRITY_DEADLINE_NAME)
                .expectEvents(
                        new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE),
                        new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE));
    }

    @Test
    void aRebindThatWroteAndThenFailedGetsBothBreaches() {
        // the write put a pack nobody could verify in place: nothing safe was restored
        startedWithDeadlines(probe(), write(), new RecordIntegrityReadback(ID, null, null, null, 0, "not found"))
                .whenTimeElapses(Duration.ofHours(1))
                .expectTriggeredDeadlinesWithName(RESTORE_DEADLINE_NAME, INTEGRITY_DEADLINE_NAME)
                .expectEvents(
                        new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE),
                        new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE));
    }

    @Test
    void aFailureAfterAWriteTheRestoreTimerAlreadyJudgedInTimeBreachesTheRestoreObjective() {
        // written at minute 5 (the timer at 15 found it in time); the resolution probes fail at minute 20
        fixture.givenCurrentTime(CONFIRMED).andGiven(started())
                .andGivenCurrentTime(minute(2)).andGivenCommands(probe())
                .andGivenCurrentTime(minute(5)).andGivenCommands(write(), readback())
                .andGivenCurrentTime(minute(20))
                .when(new RecordResolutionProbes(ID, List.of(RULES_DOWN)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        CoreMatchers.instanceOf(ResolutionProbed.class),
                        failure(RebindStep.RESOLUTION_PROBES, "503"),
                        CoreMatchers.equalTo(new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE)),
                        andNoMore())));
    }

    @Test
    void aWriteRecordedLateBeforeADelayedDeadlineFiresIsStillABreach() {
        // a restart delayed the timer: the write was recorded at minute 17, the timer fires after it
        fixture.givenCurrentTime(CONFIRMED).andGiven(started(), probed())
                .andGivenCurrentTime(minute(17)).andGiven(rebound())
                .whenInvoking(ID.value(), rebind -> rebind.restoreObjectiveDue(MetaData.emptyInstance()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE));
    }

    @Test
    void aProbeNamingAnotherManifestThanTheRebindTargetsIsRefused() {
        given(startedFor(LKG.manifestId()))
                .when(new RecordManifestProbe(ID, ACTIVE, ACTIVE, null))
                .expectException(violation(RuleCode.REBIND_TARGET_MISMATCH))
                .expectNoEvents();
    }

    @Test
    void aReadbackRepeatedInUpperCaseHexIsANoOp() {
        given(started(), probed(), rebound(), verified())
                .when(new RecordIntegrityReadback(ID, LKG_MANIFEST_SHA.toUpperCase(), LKG_PACK_SHA, LKG_PACK_SHA.toUpperCase(),
                        PACK_BYTES, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRestoreDeadlineDeliveredAgainAfterItsBreachAppliesNothing() {
        given(started(), new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE))
                .whenInvoking(ID.value(), rebind -> rebind.restoreObjectiveDue(MetaData.emptyInstance()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anIntegrityDeadlineDeliveredAgainAfterItsBreachAppliesNothing() {
        given(started(), new ObjectiveBreached(ID, Objective.INTEGRITY, INTEGRITY_DEADLINE))
                .whenInvoking(ID.value(), rebind -> rebind.integrityObjectiveDue(MetaData.emptyInstance()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRestoreDeadlineDeliveredForTheFirstTimeBreaches() {
        // the counterpart of the redelivery tests: the same invocation does apply a breach when none is recorded
        given(started())
                .whenInvoking(ID.value(), rebind -> rebind.restoreObjectiveDue(MetaData.emptyInstance()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE));
    }

    @Test
    void aWriteAfterTheRestoreBreachStillCompletesWithTheObjectiveMissed() {
        fixture.givenCurrentTime(CONFIRMED).andGiven(started())
                .andGivenCurrentTime(RESTORE_DEADLINE).andGiven(new ObjectiveBreached(ID, Objective.RESTORE, RESTORE_DEADLINE))
                .andGivenCurrentTime(minute(17)).andGivenCommands(probe(), write())
                .andGivenCurrentTime(minute(19)).andGivenCommands(readback())
                .when(resolutionProbes())
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ResolutionProbed(ID, PASSING_PROBES, true),
                        new RebindCompleted(ID, minute(17), minute(19), 17 * 60, 19 * 60, false, true));
    }
}
