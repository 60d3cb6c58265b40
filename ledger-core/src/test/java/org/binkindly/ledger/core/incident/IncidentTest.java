package org.binkindly.ledger.core.incident;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.binkindly.ledger.core.incident.command.ClaimRole;
import org.binkindly.ledger.core.incident.command.CloseIncident;
import org.binkindly.ledger.core.incident.command.CompleteChecklistItem;
import org.binkindly.ledger.core.incident.command.DeclareIncident;
import org.binkindly.ledger.core.incident.command.DowngradeSeverity;
import org.binkindly.ledger.core.incident.command.EscalateSeverity;
import org.binkindly.ledger.core.incident.command.FlagRecurrence;
import org.binkindly.ledger.core.incident.command.LinkKillSwitch;
import org.binkindly.ledger.core.incident.command.ReassessImpact;
import org.binkindly.ledger.core.incident.command.RecordContainmentAction;
import org.binkindly.ledger.core.incident.command.RecordDecision;
import org.binkindly.ledger.core.incident.command.RecordFollowUp;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.incident.command.RecordLinkedKillSwitchReleased;
import org.binkindly.ledger.core.incident.command.RecordObservedFailureMode;
import org.binkindly.ledger.core.incident.command.RecordRebindOutcome;
import org.binkindly.ledger.core.incident.command.RecordVerification;
import org.binkindly.ledger.core.incident.command.RestateImpactFacts;
import org.binkindly.ledger.core.incident.command.StateImpactFact;
import org.binkindly.ledger.core.incident.command.WaiveChecklistItem;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import static org.binkindly.ledger.core.incident.GivenIncident.closed;
import static org.binkindly.ledger.core.incident.GivenIncident.completed;
import static org.binkindly.ledger.core.incident.GivenIncident.declared;
import static org.binkindly.ledger.core.incident.GivenIncident.fullyEvidenced;
import static org.binkindly.ledger.core.incident.ImpactFact.ACTIVE_TRUTH_WRONG_FOR_USERS;
import static org.binkindly.ledger.core.incident.ImpactFact.CRITICAL_SCOPE_STALE_PACK_BREACH;
import static org.binkindly.ledger.core.incident.ImpactFact.EARLY_WARNING_THRESHOLD_CROSSED;
import static org.binkindly.ledger.core.incident.ImpactFact.FALLBACK_PATH_SPIKING;
import static org.binkindly.ledger.core.incident.ImpactFact.MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE;
import static org.binkindly.ledger.core.incident.ImpactFact.NON_CRITICAL_SCOPE_DEGRADED;
import static org.binkindly.ledger.core.incident.ImpactFact.REFRESH_PIPELINE_DEGRADED;
import static org.binkindly.ledger.core.incident.ImpactFact.ROLLBACK_PATH_FAILING;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.NO;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.UNKNOWN;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.YES;
import static org.binkindly.ledger.core.incident.IncidentClass.AI_LANE_INSTABILITY;
import static org.binkindly.ledger.core.incident.IncidentClass.BAD_PUBLISH;
import static org.binkindly.ledger.core.incident.IncidentClass.PUBLISH_FAILURE;
import static org.binkindly.ledger.core.incident.IncidentClass.STALE_PACK;
import static org.binkindly.ledger.core.incident.IncidentClass.TRIGGER_DEDUPE_SPIKE;
import static org.binkindly.ledger.core.shared.RuleViolations.violation;
import static org.binkindly.ledger.core.shared.Severity.SEV1;
import static org.binkindly.ledger.core.shared.Severity.SEV2;
import static org.binkindly.ledger.core.shared.Severity.SEV3;

class IncidentTest {

    private static final IncidentId PRIOR = IncidentId.of("inc-aaaaaaaaaaaa");
    private static final IncidentId OTHER_PRIOR = IncidentId.of("inc-bbbbbbbbbbbb");
    private static final Instant LATER = DETECTED_AT.plusSeconds(3600);
    private static final Map<String, String> ALICE = Map.of(MetadataKeys.ACTOR, "alice");

    /** Every SEV1 fact denied and a SEV2 fact stated; the other SEV2 facts are unknown. */
    private static final ImpactAssessment SEV2_FACTS = ImpactAssessment.of(Map.of(
            ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO,
            REFRESH_PIPELINE_DEGRADED, YES));
    private static final String SEV2_REASONS = "REFRESH_PIPELINE_DEGRADED is stated; "
            + "CRITICAL_SCOPE_STALE_PACK_BREACH is not known, so counts as true; "
            + "FALLBACK_PATH_SPIKING is not known, so counts as true";
    /** Different facts that demand the same SEV2. */
    private static final ImpactAssessment OTHER_SEV2_FACTS = ImpactAssessment.of(Map.of(
            ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO,
            REFRESH_PIPELINE_DEGRADED, NO, FALLBACK_PATH_SPIKING, YES));
    /** Every SEV1 and SEV2 fact denied; the SEV3 facts are unknown. */
    private static final ImpactAssessment SEV3_FACTS = ImpactAssessment.of(Map.of(
            ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO,
            REFRESH_PIPELINE_DEGRADED, NO, CRITICAL_SCOPE_STALE_PACK_BREACH, NO, FALLBACK_PATH_SPIKING, NO));
    private static final String SEV3_REASONS = "NON_CRITICAL_SCOPE_DEGRADED is not known, so counts as true; "
            + "EARLY_WARNING_THRESHOLD_CROSSED is not known, so counts as true";
    private static final ImpactAssessment OTHER_SEV3_FACTS = ImpactAssessment.of(Map.of(
            ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO,
            REFRESH_PIPELINE_DEGRADED, NO, CRITICAL_SCOPE_STALE_PACK_BREACH, NO, FALLBACK_PATH_SPIKING, NO,
            EARLY_WARNING_THRESHOLD_CROSSED, YES, NON_CRITICAL_SCOPE_DEGRADED, NO));
    /** Users see wrong active truth; nothing else stated. */
    private static final ImpactAssessment SEV1_FACTS = ImpactAssessment.of(Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, YES));
    private static final String SEV1_REASONS = "ACTIVE_TRUTH_WRONG_FOR_USERS is stated; "
            + "ROLLBACK_PATH_FAILING is not known, so counts as true; "
            + "MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE is not known, so counts as true";

    private static final String RECORD = "post-incident record: the gate held; LKG stayed active";
    private static final ChecklistItem RECURRENCE_REVIEW = new ChecklistItem("RECURRENCE_REVIEW",
            ChecklistItem.Origin.RECURRENCE_REVIEW,
            "Do not ignore repeated recurrence: review why this class of incident keeps returning to this scope.");

    /** SEV2 facts, downgraded by the owner to SEV3. */
    private static final GivenIncident DOWNGRADED_FROM_SEV2 = declared(PUBLISH_FAILURE, SEV2_FACTS).then(
            new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DOWNGRADED, "refresh is merely slow"),
            responsesOf(SEV3));

    private AggregateTestFixture<Incident> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Incident.class);
    }

    private TestExecutor<Incident> given(GivenIncident incident) {
        return fixture.given(incident.events());
    }

    private static DeclareIncident declare(IncidentClass incidentClass, ImpactAssessment impact, Severity requested) {
        return new DeclareIncident(ID, incidentClass, SCOPE, impact, requested, TRIGGER, FAILURE_MODE, DETECTED_AT);
    }

    private static IncidentDeclared declaredEvent(IncidentClass incidentClass, ImpactAssessment impact,
                                                  Severity derived, Severity severity) {
        return new IncidentDeclared(ID, incidentClass, SCOPE, impact, derived, severity, TRIGGER, FAILURE_MODE, DETECTED_AT);
    }

    private static ChecklistItemsAdded responsesOf(Severity severity) {
        return new ChecklistItemsAdded(ID, SeverityResponses.of(severity));
    }

    private static ChecklistItem response(String itemId, String text) {
        return new ChecklistItem(itemId, ChecklistItem.Origin.SEVERITY_RESPONSE, text);
    }

    @Test
    void unknownFactsDeriveSev1() {
        fixture.givenNoPriorActivity()
                .when(declare(PUBLISH_FAILURE, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        declaredEvent(PUBLISH_FAILURE, ImpactAssessment.nothingKnown(), SEV1, SEV1),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(PUBLISH_FAILURE, SEV1)));
    }

    @Test
    void factsStatedAsUnknownCountAsTrue() {
        Map<ImpactFact, ImpactFact.Value> allUnknown = new HashMap<>();
        for (ImpactFact fact : ImpactFact.values()) {
            allUnknown.put(fact, UNKNOWN);
        }
        fixture.givenNoPriorActivity()
                .when(declare(PUBLISH_FAILURE, ImpactAssessment.of(allUnknown), null))
                .expectEvents(
                        declaredEvent(PUBLISH_FAILURE, ImpactAssessment.nothingKnown(), SEV1, SEV1),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(PUBLISH_FAILURE, SEV1)));
    }

    @Test
    void aSingleSev1FactLeftUnknownStillDerivesSev1() {
        ImpactAssessment impact = ImpactAssessment.of(Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO,
                ROLLBACK_PATH_FAILING, NO, REFRESH_PIPELINE_DEGRADED, YES));
        fixture.givenNoPriorActivity()
                .when(declare(PUBLISH_FAILURE, impact, null))
                .expectEvents(
                        declaredEvent(PUBLISH_FAILURE, impact, SEV1, SEV1),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(PUBLISH_FAILURE, SEV1)));
    }

    @Test
    void allSev1FactsNoAndASev2FactYesDeriveSev2() {
        fixture.givenNoPriorActivity()
                .when(declare(PUBLISH_FAILURE, SEV2_FACTS, null))
                .expectEvents(
                        declaredEvent(PUBLISH_FAILURE, SEV2_FACTS, SEV2, SEV2),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(PUBLISH_FAILURE, SEV2)));
    }

    @Test
    void allSev1AndSev2FactsNoDeriveSev3WithTheRunbookChecklist() {
        fixture.givenNoPriorActivity()
                .when(declare(TRIGGER_DEDUPE_SPIKE, SEV3_FACTS, null))
                .expectEvents(
                        declaredEvent(TRIGGER_DEDUPE_SPIKE, SEV3_FACTS, SEV3, SEV3),
                        new ChecklistItemsAdded(ID, List.of(
                                new ChecklistItem("TD_INSPECT_INGRESS_CAUSE", ChecklistItem.Origin.FIRST_ACTION,
                                        "Inspect duplicate ingress cause."),
                                new ChecklistItem("TD_INSPECT_LOCK_OWNERSHIP", ChecklistItem.Origin.FIRST_ACTION,
                                        "Inspect active lock ownership."),
                                new ChecklistItem("CLOSURE_CONDITION", ChecklistItem.Origin.CLOSURE_CONDITION,
                                        "Closure condition: recorded evidence of recovery: duplicate ingress back to normal."),
                                response("SEV3_RECORD", "Record."),
                                response("SEV3_INVESTIGATE", "Investigate."))));
    }

    @Test
    void requestedSeverityAboveDerivedIsKeptWithItsReasonOnRecord() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, BAD_PUBLISH, SCOPE, SEV3_FACTS, SEV1, TRIGGER, FAILURE_MODE, DETECTED_AT,
                        " launch day in Stockholm ", null, null))
                .expectEvents(
                        declaredEvent(BAD_PUBLISH, SEV3_FACTS, SEV3, SEV1),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(BAD_PUBLISH, SEV1)),
                        new DecisionRecorded(ID, "declared at SEV1, escalated above the SEV3 its facts demand",
                                "launch day in Stockholm"));
    }

    @Test
    void anEscalationAtDeclarationNeedsAReasonAsALaterOneDoes() {
        fixture.givenNoPriorActivity()
                .when(declare(BAD_PUBLISH, SEV3_FACTS, SEV1))
                .expectNoEvents()
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void aLaterEscalationNeedsAReason() {
        given(declared(BAD_PUBLISH, SEV3_FACTS))
                .when(new EscalateSeverity(ID, SEV1, " "))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void requestedSeverityEqualToDerivedIsAccepted() {
        fixture.givenNoPriorActivity()
                .when(declare(BAD_PUBLISH, SEV2_FACTS, SEV2))
                .expectEvents(
                        declaredEvent(BAD_PUBLISH, SEV2_FACTS, SEV2, SEV2),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(BAD_PUBLISH, SEV2)));
    }

    @Test
    void requestedSeverityBelowUnknownFactsIsRefused() {
        fixture.givenNoPriorActivity()
                .when(declare(BAD_PUBLISH, null, SEV2))
                .expectException(violation(RuleCode.SEVERITY_BELOW_DERIVED));
    }

    @Test
    void requestedSeverityBelowStatedFactsIsRefused() {
        fixture.givenNoPriorActivity()
                .when(declare(BAD_PUBLISH, SEV2_FACTS, SEV3))
                .expectException(violation(RuleCode.SEVERITY_BELOW_DERIVED));
    }

    @Test
    void declaringWithoutTriggerDetailIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, BAD_PUBLISH, SCOPE, null, null,
                        new TriggerSource(TriggerSource.Kind.MANUAL, "  "), FAILURE_MODE, DETECTED_AT))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void declaringWithoutObservedFailureModeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, BAD_PUBLISH, SCOPE, null, null, TRIGGER, null, DETECTED_AT))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void declaringWithAnOverlongFailureModeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, BAD_PUBLISH, SCOPE, null, null, TRIGGER, "x".repeat(4001), DETECTED_AT))
                .expectException(violation(RuleCode.TEXT_TOO_LONG));
    }

    @Test
    void declaredTextsAreKeptWithoutSurroundingWhitespace() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, BAD_PUBLISH, SCOPE, null, null,
                        new TriggerSource(TriggerSource.Kind.ALERT, "  BinKindlyPublishBlocked\n"),
                        "\t" + FAILURE_MODE + "  ", DETECTED_AT))
                .expectEvents(
                        declaredEvent(BAD_PUBLISH, ImpactAssessment.nothingKnown(), SEV1, SEV1),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(BAD_PUBLISH, SEV1)));
    }

    @Test
    void declaringAnIncidentThatAlreadyExistsRecordsNoSecondDeclaration() {
        // The aggregate cannot see its own stream at creation; the event store refuses a second one.
        given(declared(BAD_PUBLISH))
                .when(declare(BAD_PUBLISH, null, null))
                .expectException(EventStoreException.class);
    }

    @Test
    void worseFactsRaiseSeverityAndAddTheNewSeveritysResponses() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new ReassessImpact(ID, SEV2_FACTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new ImpactReassessed(ID, SEV2_FACTS, SEV2),
                        new SeverityChanged(ID, SEV3, SEV2, SeverityBasis.DERIVED, SEV2_REASONS),
                        new ChecklistItemsAdded(ID, List.of(
                                response("SEV2_HALT_EXPANSION", "Halt expansion."),
                                response("SEV2_INVESTIGATE_SAME_WINDOW", "Investigate within same operating window."),
                                response("SEV2_DECIDE_CONTAIN_OR_REPAIR", "Decide contain vs repair."))));
    }

    @Test
    void risingBackToASeverityAlreadyWorkedAddsNoDuplicateObligations() {
        given(declared(PUBLISH_FAILURE).then(
                new ImpactReassessed(ID, SEV3_FACTS, SEV3),
                new SeverityChanged(ID, SEV1, SEV3, SeverityBasis.DERIVED, SEV3_REASONS),
                responsesOf(SEV3)))
                .when(new ReassessImpact(ID, SEV1_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV1_FACTS, SEV1),
                        new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.DERIVED, SEV1_REASONS));
    }

    @Test
    void betterFactsLowerSeverity() {
        given(declared(PUBLISH_FAILURE))
                .when(new ReassessImpact(ID, SEV3_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV3_FACTS, SEV3),
                        new SeverityChanged(ID, SEV1, SEV3, SeverityBasis.DERIVED, SEV3_REASONS),
                        responsesOf(SEV3));
    }

    @Test
    void betterFactsNeverLowerSeverityBelowAnEscalation() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS).then(
                new SeverityChanged(ID, SEV3, SEV2, SeverityBasis.ESCALATED, "scope is launch-critical"),
                responsesOf(SEV2)))
                .when(new ReassessImpact(ID, OTHER_SEV3_FACTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ImpactReassessed(ID, OTHER_SEV3_FACTS, SEV3));
    }

    @Test
    void betterFactsLowerSeverityOnlyDownToTheEscalationFloor() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS).then(
                new SeverityChanged(ID, SEV3, SEV2, SeverityBasis.ESCALATED, "scope is launch-critical"),
                responsesOf(SEV2),
                new ImpactReassessed(ID, SEV1_FACTS, SEV1),
                new SeverityChanged(ID, SEV2, SEV1, SeverityBasis.DERIVED, SEV1_REASONS),
                responsesOf(SEV1)))
                .when(new ReassessImpact(ID, SEV3_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV3_FACTS, SEV3),
                        new SeverityChanged(ID, SEV1, SEV2, SeverityBasis.DERIVED,
                                "the restated facts demand SEV3; held at SEV2"));
    }

    @Test
    void aSeverityRequestedAtDeclarationIsAnEscalationFloor() {
        given(declared(BAD_PUBLISH, SEV3_FACTS, SEV1))
                .when(new ReassessImpact(ID, SEV2_FACTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ImpactReassessed(ID, SEV2_FACTS, SEV2));
    }

    @Test
    void aSeverityMatchingTheFactsAtDeclarationIsNoFloor() {
        given(declared(BAD_PUBLISH, SEV2_FACTS, SEV2))
                .when(new ReassessImpact(ID, SEV3_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV3_FACTS, SEV3),
                        new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DERIVED, SEV3_REASONS),
                        responsesOf(SEV3));
    }

    @Test
    void changedFactsDemandingTheSameSeverityChangeOnlyTheFacts() {
        given(declared(PUBLISH_FAILURE, SEV2_FACTS))
                .when(new ReassessImpact(ID, OTHER_SEV2_FACTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ImpactReassessed(ID, OTHER_SEV2_FACTS, SEV2));
    }

    @Test
    void restatingTheSameFactsIsANoOp() {
        given(declared(PUBLISH_FAILURE, SEV2_FACTS))
                .when(new ReassessImpact(ID, ImpactAssessment.of(new HashMap<>(SEV2_FACTS.stated()))))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void statingNothingWhenNothingWasKnownIsANoOp() {
        given(declared(PUBLISH_FAILURE))
                .when(new ReassessImpact(ID, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void withdrawingStatedFactsFailsClosed() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new ReassessImpact(ID, null))
                .expectEvents(
                        new ImpactReassessed(ID, ImpactAssessment.nothingKnown(), SEV1),
                        new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.DERIVED,
                                "ACTIVE_TRUTH_WRONG_FOR_USERS is not known, so counts as true; "
                                        + "ROLLBACK_PATH_FAILING is not known, so counts as true; "
                                        + "MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE is not known, so counts as true"),
                        responsesOf(SEV1));
    }

    @Test
    void escalatingRaisesSeverityAndAddsTheNewSeveritysResponses() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new EscalateSeverity(ID, SEV1, "  customers report wrong collection days "))
                .expectEvents(
                        new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.ESCALATED, "customers report wrong collection days"),
                        new ChecklistItemsAdded(ID, List.of(
                                response("SEV1_CONTAIN_IMMEDIATELY", "Contain immediately."),
                                response("SEV1_KILL_SWITCH_OR_ROLLBACK", "Activate kill switch or rollback."),
                                response("SEV1_PRESERVE_EVIDENCE", "Preserve evidence."),
                                response("SEV1_SUSPEND_RISKY_FORWARD_CHANGE", "Suspend risky forward change."))));
    }

    @Test
    void escalatingToALowerSeverityIsRefused() {
        given(declared(PUBLISH_FAILURE, SEV2_FACTS))
                .when(new EscalateSeverity(ID, SEV3, "less bad than feared"))
                .expectException(violation(RuleCode.ESCALATION_NOT_ABOVE_CURRENT));
    }

    @Test
    void escalatingWithoutReasonIsRefused() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new EscalateSeverity(ID, SEV2, " "))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void escalatingToTheCurrentSeverityIsANoOp() {
        given(declared(PUBLISH_FAILURE, SEV2_FACTS))
                .when(new EscalateSeverity(ID, SEV2, "still bad"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEscalationEndsAnEarlierDowngrade() {
        given(declared(PUBLISH_FAILURE, SEV2_FACTS).then(
                new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DOWNGRADED, "refresh is merely slow"),
                responsesOf(SEV3),
                new SeverityChanged(ID, SEV3, SEV2, SeverityBasis.ESCALATED, "slowness reached users")).then(OLIVIA_OWNS))
                .when(new DowngradeSeverity(ID, SEV3, "slow again, but harmless"), OLIVIA)
                .expectEvents(new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DOWNGRADED, "slow again, but harmless"));
    }

    @Test
    void downgradingWithAReasonLowersSeverityBelowTheFacts() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new DowngradeSeverity(ID, SEV2, "LKG verified active; no user saw wrong truth"), OLIVIA)
                .expectEvents(
                        new SeverityChanged(ID, SEV1, SEV2, SeverityBasis.DOWNGRADED,
                                "LKG verified active; no user saw wrong truth"),
                        responsesOf(SEV2));
    }

    @Test
    void downgradingWithoutReasonIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new DowngradeSeverity(ID, SEV2, null))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void downgradingToAHigherSeverityIsRefused() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS).then(OLIVIA_OWNS))
                .when(new DowngradeSeverity(ID, SEV1, "wrong verb"), OLIVIA)
                .expectException(violation(RuleCode.DOWNGRADE_NOT_BELOW_CURRENT));
    }

    @Test
    void downgradingToTheCurrentSeverityIsANoOp() {
        given(DOWNGRADED_FROM_SEV2.then(OLIVIA_OWNS))
                .when(new DowngradeSeverity(ID, SEV3, "refresh is merely slow"), OLIVIA)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDowngradeHoldsWhileFactsDoNotWorsen() {
        given(DOWNGRADED_FROM_SEV2)
                .when(new ReassessImpact(ID, OTHER_SEV2_FACTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ImpactReassessed(ID, OTHER_SEV2_FACTS, SEV2));
    }

    @Test
    void aDowngradeHoldsWhenFactsImprove() {
        given(DOWNGRADED_FROM_SEV2)
                .when(new ReassessImpact(ID, SEV3_FACTS))
                .expectEvents(new ImpactReassessed(ID, SEV3_FACTS, SEV3));
    }

    @Test
    void aDowngradeLapsesWhenFactsDemandMoreThanAtDowngradeTime() {
        given(DOWNGRADED_FROM_SEV2)
                .when(new ReassessImpact(ID, SEV1_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV1_FACTS, SEV1),
                        new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.DERIVED, SEV1_REASONS),
                        responsesOf(SEV1));
    }

    @Test
    void aDowngradeIsACeilingSoFactsThatClearFurtherStillBringSeverityDown() {
        given(declared(BAD_PUBLISH, SEV1_FACTS).then(
                new SeverityChanged(ID, SEV1, SEV2, SeverityBasis.DOWNGRADED, "contained; users see LKG"),
                responsesOf(SEV2)))
                .when(new ReassessImpact(ID, SEV3_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV3_FACTS, SEV3),
                        new SeverityChanged(ID, SEV2, SEV3, SeverityBasis.DERIVED, SEV3_REASONS),
                        responsesOf(SEV3));
    }

    @Test
    void aLapsedDowngradeDoesNotComeBackWhenFactsImproveAgain() {
        given(DOWNGRADED_FROM_SEV2.then(
                new ImpactReassessed(ID, SEV1_FACTS, SEV1),
                new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.DERIVED, SEV1_REASONS),
                responsesOf(SEV1)))
                .when(new ReassessImpact(ID, SEV2_FACTS))
                .expectEvents(
                        new ImpactReassessed(ID, SEV2_FACTS, SEV2),
                        new SeverityChanged(ID, SEV1, SEV2, SeverityBasis.DERIVED, SEV2_REASONS));
    }

    @Test
    void aDowngradeEndsTheEscalationFloor() {
        given(declared(BAD_PUBLISH, SEV3_FACTS, SEV1).then(
                new SeverityChanged(ID, SEV1, SEV2, SeverityBasis.DOWNGRADED, "contained within minutes"),
                responsesOf(SEV2)))
                .when(new ReassessImpact(ID, SEV2_FACTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ImpactReassessed(ID, SEV2_FACTS, SEV2));
    }

    @Test
    void completingAnItemRecordsItsEvidence() {
        given(declared(PUBLISH_FAILURE))
                .when(new CompleteChecklistItem(ID, "PF_NO_GATE_BYPASS", " gates untouched; run 4411 ", LATER))
                .expectEvents(new ChecklistItemCompleted(ID, "PF_NO_GATE_BYPASS", "gates untouched; run 4411", LATER));
    }

    @Test
    void completingTheClosureConditionIsAllowed() {
        given(declared(PUBLISH_FAILURE))
                .when(new CompleteChecklistItem(ID, "CLOSURE_CONDITION", "publish run 4420 passed every gate", LATER))
                .expectEvents(new ChecklistItemCompleted(ID, "CLOSURE_CONDITION", "publish run 4420 passed every gate", LATER));
    }

    @Test
    void completingAnItemOfAnotherClassIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new CompleteChecklistItem(ID, "BP_ROLL_BACK_TO_LKG", "rolled back", LATER))
                .expectException(violation(RuleCode.CHECKLIST_ITEM_NOT_FOUND));
    }

    @Test
    void completingWithoutEvidenceIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new CompleteChecklistItem(ID, "PF_NO_GATE_BYPASS", "", LATER))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void completingACompletedItemAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(completed("PF_NO_GATE_BYPASS")))
                .when(new CompleteChecklistItem(ID, "PF_NO_GATE_BYPASS", "other words for the same", LATER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aWaivedItemCanStillBeCompleted() {
        given(declared(PUBLISH_FAILURE).then(new ChecklistItemWaived(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "first failure")))
                .when(new CompleteChecklistItem(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "paused after all", LATER))
                .expectEvents(new ChecklistItemCompleted(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "paused after all", LATER));
    }

    @Test
    void waivingAnItemRecordsTheReason() {
        given(declared(PUBLISH_FAILURE))
                .when(new WaiveChecklistItem(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", " first failure in 90 days "))
                .expectEvents(new ChecklistItemWaived(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "first failure in 90 days"));
    }

    private static final String REQUIRED_RESPONSE = "SEV1_CONTAIN_IMMEDIATELY";
    private static final Map<String, String> OLIVIA = Map.of(MetadataKeys.ACTOR, "olivia");
    private static final RoleClaimed OLIVIA_OWNS = new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "olivia");

    @Test
    void restatingOneFactKeepsTheOthersAsStated() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new RestateImpactFacts(ID, Map.of(FALLBACK_PATH_SPIKING, YES)))
                .expectEvents(new ImpactReassessed(ID, ImpactAssessment.of(merged(SEV3_FACTS, FALLBACK_PATH_SPIKING, YES)), SEV2),
                        new SeverityChanged(ID, SEV3, SEV2, SeverityBasis.DERIVED,
                                ImpactAssessment.of(merged(SEV3_FACTS, FALLBACK_PATH_SPIKING, YES)).reasons().stream()
                                        .collect(java.util.stream.Collectors.joining("; "))),
                        new ChecklistItemsAdded(ID, SeverityResponses.of(SEV2)));
    }

    @Test
    void restatingAFactAsUnknownUnstatesIt() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new RestateImpactFacts(ID, Map.of(NON_CRITICAL_SCOPE_DEGRADED, NO, ROLLBACK_PATH_FAILING, UNKNOWN)))
                .expectEvents(new ImpactReassessed(ID, ImpactAssessment.of(merged(merged(SEV3_FACTS, NON_CRITICAL_SCOPE_DEGRADED, NO),
                                ROLLBACK_PATH_FAILING, UNKNOWN)), SEV1),
                        new SeverityChanged(ID, SEV3, SEV1, SeverityBasis.DERIVED,
                                ImpactAssessment.of(merged(merged(SEV3_FACTS, NON_CRITICAL_SCOPE_DEGRADED, NO),
                                        ROLLBACK_PATH_FAILING, UNKNOWN)).reasons().stream()
                                        .collect(java.util.stream.Collectors.joining("; "))),
                        new ChecklistItemsAdded(ID, SeverityResponses.of(SEV1)));
    }

    @Test
    void restatingWhatIsAlreadyStatedChangesNothing() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS))
                .when(new RestateImpactFacts(ID, Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    private static Map<ImpactFact, ImpactFact.Value> merged(ImpactAssessment stated, ImpactFact fact, ImpactFact.Value value) {
        return merged(stated.stated(), fact, value);
    }

    private static Map<ImpactFact, ImpactFact.Value> merged(Map<ImpactFact, ImpactFact.Value> stated, ImpactFact fact,
                                                            ImpactFact.Value value) {
        Map<ImpactFact, ImpactFact.Value> facts = new HashMap<>(stated);
        if (value == UNKNOWN) {
            facts.remove(fact);
        } else {
            facts.put(fact, value);
        }
        return facts;
    }

    @Test
    void aSeparateIncidentBesideAnOpenOneRecordsWhyInItsDecisionLog() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, PUBLISH_FAILURE, SCOPE, SEV3_FACTS, null, TRIGGER, FAILURE_MODE, DETECTED_AT,
                        null, PRIOR, "a second publish lane fails for another reason"))
                .expectEvents(new IncidentDeclared(ID, PUBLISH_FAILURE, SCOPE, SEV3_FACTS, SEV3, SEV3, TRIGGER, FAILURE_MODE,
                                DETECTED_AT),
                        new ChecklistItemsAdded(ID, GivenIncident.declarationChecklist(PUBLISH_FAILURE, SEV3)),
                        new DecisionRecorded(ID, "declared as a separate incident beside the open " + PRIOR,
                                "a second publish lane fails for another reason"));
    }

    @Test
    void aSeparateIncidentNeedsAReason() {
        fixture.givenNoPriorActivity()
                .when(new DeclareIncident(ID, PUBLISH_FAILURE, SCOPE, SEV3_FACTS, null, TRIGGER, FAILURE_MODE, DETECTED_AT,
                        null, PRIOR, " "))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void anotherHolderOfAnOwnerTokenCannotDowngradeDecideOrClose() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new DowngradeSeverity(ID, SEV3, "looks fine to me"), Map.of(MetadataKeys.ACTOR, "oscar"))
                .expectException(violation(RuleCode.NOT_INCIDENT_OWNER));
    }

    @Test
    void anotherPersonCannotRecordTheOwnersDecisions() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new RecordDecision(ID, "roll forward", "quicker"), Map.of(MetadataKeys.ACTOR, "oscar"))
                .expectException(violation(RuleCode.NOT_INCIDENT_OWNER));
    }

    @Test
    void anotherPersonCannotCloseTheOwnersIncident() {
        given(fullyEvidenced(BAD_PUBLISH).then(OLIVIA_OWNS))
                .when(new CloseIncident(ID, RECORD), Map.of(MetadataKeys.ACTOR, "oscar"))
                .expectException(violation(RuleCode.NOT_INCIDENT_OWNER));
    }

    @Test
    void beforeAnyoneOwnsTheIncidentTheFirstOwnerToActTakesTheRole() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordDecision(ID, "roll back", "faster than repair"), OLIVIA)
                .expectEvents(OLIVIA_OWNS, new DecisionRecorded(ID, "roll back", "faster than repair"));
    }

    @Test
    void takingOwnershipFromAnotherPersonNeedsAHandoverReason() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new ClaimRole(ID, IncidentRole.INCIDENT_OWNER), Map.of(MetadataKeys.ACTOR, "oscar"))
                .expectException(violation(RuleCode.HANDOVER_REASON_REQUIRED));
    }

    @Test
    void aHandoverIsRecordedWithItsReasonAndTheNewOwnerActs() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new ClaimRole(ID, IncidentRole.INCIDENT_OWNER, " olivia's shift ended "), Map.of(MetadataKeys.ACTOR, "oscar"))
                .expectEvents(new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "oscar", "olivia's shift ended"));
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS,
                new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "oscar", "olivia's shift ended")))
                .when(new RecordDecision(ID, "roll back", "faster than repair"), OLIVIA)
                .expectException(violation(RuleCode.NOT_INCIDENT_OWNER));
    }

    @Test
    void anyoneButTheOwnerIsRefusedAWaiverOfARequiredResponse() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new WaiveChecklistItem(ID, REQUIRED_RESPONSE, "x"), ALICE)
                .expectException(violation(RuleCode.NOT_INCIDENT_OWNER));
    }

    @Test
    void aRequiredResponseCannotBeWaivedBeforeAnyoneOwnsTheIncident() {
        given(declared(PUBLISH_FAILURE))
                .when(new WaiveChecklistItem(ID, REQUIRED_RESPONSE, "contained before declaration"), ALICE)
                .expectException(violation(RuleCode.NOT_INCIDENT_OWNER));
    }

    @Test
    void theOwnerWaivesARequiredResponseOnlyWithAReason() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new WaiveChecklistItem(ID, REQUIRED_RESPONSE, " "), OLIVIA)
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void theOwnerWaivesARequiredResponseWithAReason() {
        given(declared(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new WaiveChecklistItem(ID, REQUIRED_RESPONSE, "contained before declaration"), OLIVIA)
                .expectEvents(new ChecklistItemWaived(ID, REQUIRED_RESPONSE, "contained before declaration"));
    }

    @Test
    void theClosureConditionCannotBeWaived() {
        given(declared(PUBLISH_FAILURE))
                .when(new WaiveChecklistItem(ID, "CLOSURE_CONDITION", "we are tired"))
                .expectException(violation(RuleCode.CLOSURE_CONDITION_NOT_WAIVABLE));
    }

    @Test
    void aCompletedItemCannotBeWaived() {
        given(declared(PUBLISH_FAILURE).then(completed("PF_NO_GATE_BYPASS")))
                .when(new WaiveChecklistItem(ID, "PF_NO_GATE_BYPASS", "does not apply"))
                .expectException(violation(RuleCode.CHECKLIST_ITEM_ALREADY_COMPLETED));
    }

    @Test
    void waivingAnUnknownItemIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new WaiveChecklistItem(ID, "NO_SUCH_STEP", "does not apply"))
                .expectException(violation(RuleCode.CHECKLIST_ITEM_NOT_FOUND));
    }

    @Test
    void waivingWithoutReasonIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new WaiveChecklistItem(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", null))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void waivingAWaivedItemAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(new ChecklistItemWaived(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "first failure")))
                .when(new WaiveChecklistItem(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "still the first failure"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void claimingARoleRecordsTheAuthenticatedActor() {
        given(declared(PUBLISH_FAILURE))
                .when(new ClaimRole(ID, IncidentRole.ON_CALL_OPERATOR), ALICE)
                .expectEvents(new RoleClaimed(ID, IncidentRole.ON_CALL_OPERATOR, "alice"));
    }

    @Test
    void claimingWithoutAnAuthenticatedActorIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new ClaimRole(ID, IncidentRole.ON_CALL_OPERATOR))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void claimingWithABlankActorIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new ClaimRole(ID, IncidentRole.INCIDENT_OWNER), Map.of(MetadataKeys.ACTOR, " "))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void claimingARoleAlreadyHeldByTheSameActorIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(ON_CALL))
                .when(new ClaimRole(ID, IncidentRole.ON_CALL_OPERATOR), ALICE)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherActorTakesOverARole() {
        given(declared(PUBLISH_FAILURE).then(ON_CALL))
                .when(new ClaimRole(ID, IncidentRole.ON_CALL_OPERATOR), Map.of(MetadataKeys.ACTOR, "bob"))
                .expectEvents(new RoleClaimed(ID, IncidentRole.ON_CALL_OPERATOR, "bob"));
    }

    @Test
    void holdingOneRoleIsNotHoldingAnother() {
        given(declared(PUBLISH_FAILURE).then(ON_CALL))
                .when(new ClaimRole(ID, IncidentRole.INCIDENT_OWNER), ALICE)
                .expectEvents(new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "alice"));
    }

    @Test
    void recordingAnObservationAddsIt() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordObservedFailureMode(ID, " attestation step times out "))
                .expectEvents(new FailureModeObserved(ID, "attestation step times out"));
    }

    @Test
    void recordingABlankObservationIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordObservedFailureMode(ID, "\n"))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingTheSameObservationAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(new FailureModeObserved(ID, "attestation step times out")))
                .when(new RecordObservedFailureMode(ID, "attestation step times out"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordingTheDeclaredFailureModeAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordObservedFailureMode(ID, FAILURE_MODE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordingAContainmentActionAddsIt() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordContainmentAction(ID, "froze graduation for the scope", LATER))
                .expectEvents(new ContainmentActionRecorded(ID, "froze graduation for the scope", LATER));
    }

    @Test
    void recordingABlankContainmentActionIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordContainmentAction(ID, null, LATER))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingTheSameContainmentActionAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(CONTAINMENT))
                .when(new RecordContainmentAction(ID, CONTAINMENT.action(), CONTAINMENT.performedAt()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void takingTheSameActionAgainLaterIsANewFact() {
        given(declared(PUBLISH_FAILURE).then(CONTAINMENT))
                .when(new RecordContainmentAction(ID, CONTAINMENT.action(), LATER))
                .expectEvents(new ContainmentActionRecorded(ID, CONTAINMENT.action(), LATER));
    }

    @Test
    void recordingARollbackNamesItsReference() {
        given(declared(BAD_PUBLISH))
                .when(new RecordIntervention(ID, InterventionKind.ROLLBACK, " rebind-7f3a ", "LKG active after 9 minutes"))
                .expectEvents(new InterventionRecorded(ID, InterventionKind.ROLLBACK, "rebind-7f3a", "LKG active after 9 minutes"));
    }

    @Test
    void recordingAKillSwitchNamesItsReference() {
        given(declared(BAD_PUBLISH))
                .when(new RecordIntervention(ID, InterventionKind.KILL_SWITCH, "ks-bad-pack-12", "overlay disabled"))
                .expectEvents(new InterventionRecorded(ID, InterventionKind.KILL_SWITCH, "ks-bad-pack-12", "overlay disabled"));
    }

    @Test
    void statingThatNoneWasUsedNeedsNoReference() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordIntervention(ID, InterventionKind.NONE_USED, "  ", "LKG never left"))
                .expectEvents(new InterventionRecorded(ID, InterventionKind.NONE_USED, null, "LKG never left"));
    }

    @Test
    void statingThatNoneWasUsedWithAReferenceIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordIntervention(ID, InterventionKind.NONE_USED, "rebind-7f3a", "LKG never left"))
                .expectException(violation(RuleCode.INTERVENTION_REFERENCE_NOT_ALLOWED));
    }

    @Test
    void aRollbackWithoutReferenceIsRefused() {
        given(declared(BAD_PUBLISH))
                .when(new RecordIntervention(ID, InterventionKind.ROLLBACK, " ", "rolled back"))
                .expectException(violation(RuleCode.INTERVENTION_REFERENCE_REQUIRED));
    }

    @Test
    void aKillSwitchWithoutReferenceIsRefused() {
        given(declared(BAD_PUBLISH))
                .when(new RecordIntervention(ID, InterventionKind.KILL_SWITCH, null, "lane disabled"))
                .expectException(violation(RuleCode.INTERVENTION_REFERENCE_REQUIRED));
    }

    @Test
    void anInterventionWithoutOutcomeIsRefused() {
        given(declared(BAD_PUBLISH))
                .when(new RecordIntervention(ID, InterventionKind.ROLLBACK, "rebind-7f3a", ""))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void statingThatNoneWasUsedWithoutSayingWhyIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordIntervention(ID, InterventionKind.NONE_USED, null, null))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingTheSameInterventionAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(NO_INTERVENTION))
                .when(new RecordIntervention(ID, InterventionKind.NONE_USED, null, NO_INTERVENTION.outcome()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordingAPassedVerificationAddsIt() {
        given(declared(BAD_PUBLISH))
                .when(new RecordVerification(ID, VerificationOutcome.PASSED, "checksums align", LATER))
                .expectEvents(new VerificationRecorded(ID, VerificationOutcome.PASSED, "checksums align", LATER));
    }

    @Test
    void recordingAFailedVerificationAddsIt() {
        given(declared(BAD_PUBLISH))
                .when(new RecordVerification(ID, VerificationOutcome.FAILED, "pack checksum differs", LATER))
                .expectEvents(new VerificationRecorded(ID, VerificationOutcome.FAILED, "pack checksum differs", LATER));
    }

    @Test
    void recordingAVerificationWithoutDetailsIsRefused() {
        given(declared(BAD_PUBLISH))
                .when(new RecordVerification(ID, VerificationOutcome.PASSED, " ", LATER))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingTheSameVerificationAgainIsANoOp() {
        given(declared(BAD_PUBLISH).then(PASSED))
                .when(new RecordVerification(ID, PASSED.outcome(), PASSED.details(), PASSED.verifiedAt()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void verifyingAgainLaterIsANewFact() {
        given(declared(BAD_PUBLISH).then(PASSED))
                .when(new RecordVerification(ID, PASSED.outcome(), PASSED.details(), LATER.plusSeconds(60)))
                .expectEvents(new VerificationRecorded(ID, PASSED.outcome(), PASSED.details(), LATER.plusSeconds(60)));
    }

    @Test
    void recordingAFollowUpWithADueTimeAddsIt() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordFollowUp(ID, "add a canary readback alert", LATER))
                .expectEvents(new FollowUpRecorded(ID, "add a canary readback alert", LATER));
    }

    @Test
    void recordingAFollowUpWithoutADueTimeAddsIt() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordFollowUp(ID, "add a canary readback alert", null))
                .expectEvents(new FollowUpRecorded(ID, "add a canary readback alert", null));
    }

    @Test
    void recordingABlankFollowUpIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new RecordFollowUp(ID, "", LATER))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingTheSameFollowUpAgainIsANoOp() {
        given(declared(PUBLISH_FAILURE).then(FOLLOW_UP))
                .when(new RecordFollowUp(ID, FOLLOW_UP.requirement(), FOLLOW_UP.dueBy()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordingADecisionAddsItToTheLog() {
        given(declared(BAD_PUBLISH).then(OLIVIA_OWNS))
                .when(new RecordDecision(ID, "roll back rather than repair forward", "repair needs a new publish run"), OLIVIA)
                .expectEvents(new DecisionRecorded(ID, "roll back rather than repair forward", "repair needs a new publish run"));
    }

    @Test
    void recordingADecisionWithoutRationaleIsRefused() {
        given(declared(BAD_PUBLISH))
                .when(new RecordDecision(ID, "roll back", " "))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingABlankDecisionIsRefused() {
        given(declared(BAD_PUBLISH))
                .when(new RecordDecision(ID, null, "because"))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void recordingTheSameDecisionAgainIsANoOp() {
        given(declared(BAD_PUBLISH).then(new DecisionRecorded(ID, "roll back", "faster than repair")).then(OLIVIA_OWNS))
                .when(new RecordDecision(ID, "roll back", "faster than repair"), OLIVIA)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void flaggingARecurrenceAddsTheReviewObligation() {
        given(declared(IncidentClass.STALE_PACK))
                .when(new FlagRecurrence(ID, List.of(PRIOR, OTHER_PRIOR), 30))
                .expectEvents(
                        new RecurrenceFlagged(ID, List.of(PRIOR, OTHER_PRIOR), 30),
                        new ChecklistItemsAdded(ID, List.of(RECURRENCE_REVIEW)));
    }

    @Test
    void flaggingTheSamePriorIncidentsAgainIsANoOp() {
        given(declared(IncidentClass.STALE_PACK).then(
                new RecurrenceFlagged(ID, List.of(PRIOR, OTHER_PRIOR), 30),
                new ChecklistItemsAdded(ID, List.of(RECURRENCE_REVIEW))))
                .when(new FlagRecurrence(ID, List.of(OTHER_PRIOR, PRIOR), 30))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void furtherPriorIncidentsAreFlaggedWithoutASecondReview() {
        given(declared(IncidentClass.STALE_PACK).then(
                new RecurrenceFlagged(ID, List.of(PRIOR), 30),
                new ChecklistItemsAdded(ID, List.of(RECURRENCE_REVIEW))))
                .when(new FlagRecurrence(ID, List.of(PRIOR, OTHER_PRIOR), 30))
                .expectEvents(new RecurrenceFlagged(ID, List.of(OTHER_PRIOR), 30));
    }

    @Test
    void theIncidentsOwnIdIsIgnored() {
        given(declared(IncidentClass.STALE_PACK))
                .when(new FlagRecurrence(ID, List.of(ID, PRIOR, PRIOR), 30))
                .expectEvents(
                        new RecurrenceFlagged(ID, List.of(PRIOR), 30),
                        new ChecklistItemsAdded(ID, List.of(RECURRENCE_REVIEW)));
    }

    @Test
    void flaggingAnIncidentAsARecurrenceOfItselfOnlyIsANoOp() {
        given(declared(IncidentClass.STALE_PACK))
                .when(new FlagRecurrence(ID, List.of(ID), 30))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void flaggingAClosedIncidentIsANoOp() {
        given(closed(IncidentClass.STALE_PACK))
                .when(new FlagRecurrence(ID, List.of(PRIOR), 30))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(IncidentClass.class)
    void closingAFullyEvidencedIncidentSucceeds(IncidentClass incidentClass) {
        given(fullyEvidenced(incidentClass).then(OLIVIA_OWNS))
                .when(new CloseIncident(ID, " " + RECORD + " "), OLIVIA)
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void anAiLaneIncidentClosesOnlyOnceItsLinkedAiLaneKillSwitchIsReleased() {
        KillSwitchLinked aiLane = new KillSwitchLinked(ID, "ks-aaaaaaaaaaaa", KillSwitchKind.AI_LANE);
        KillSwitchLinked badPack = new KillSwitchLinked(ID, "ks-bbbbbbbbbbbb", KillSwitchKind.BAD_PACK);
        given(fullyEvidenced(AI_LANE_INSTABILITY).then(OLIVIA_OWNS, aiLane, badPack))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("KILL_SWITCH/RELEASED/ks-aaaaaaaaaaaa")));
        given(fullyEvidenced(AI_LANE_INSTABILITY).then(OLIVIA_OWNS, aiLane, badPack,
                new LinkedKillSwitchReleased(ID, "ks-aaaaaaaaaaaa")))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void aKillSwitchIsLinkedAndItsReleaseRecordedOnceEach() {
        KillSwitchLinked linked = new KillSwitchLinked(ID, "ks-aaaaaaaaaaaa", KillSwitchKind.AI_LANE);
        given(declared(AI_LANE_INSTABILITY))
                .when(new LinkKillSwitch(ID, "ks-aaaaaaaaaaaa", KillSwitchKind.AI_LANE))
                .expectEvents(linked);
        given(declared(AI_LANE_INSTABILITY).then(linked))
                .when(new LinkKillSwitch(ID, "ks-aaaaaaaaaaaa", KillSwitchKind.AI_LANE))
                .expectNoEvents();
        given(declared(AI_LANE_INSTABILITY).then(linked))
                .when(new RecordLinkedKillSwitchReleased(ID, "ks-aaaaaaaaaaaa"))
                .expectEvents(new LinkedKillSwitchReleased(ID, "ks-aaaaaaaaaaaa"));
        given(declared(AI_LANE_INSTABILITY).then(linked, new LinkedKillSwitchReleased(ID, "ks-aaaaaaaaaaaa")))
                .when(new RecordLinkedKillSwitchReleased(ID, "ks-aaaaaaaaaaaa"))
                .expectNoEvents();
        given(declared(AI_LANE_INSTABILITY))
                .when(new RecordLinkedKillSwitchReleased(ID, "ks-cccccccccccc"))
                .expectNoEvents();
    }

    @Test
    void aStalePackIncidentClosesOnlyOnceTheWatchSawThePackFreshAgain() {
        Instant staleSince = DETECTED_AT;
        ReceivedAlert watch = new ReceivedAlert("StalePack", "5a5a5a5a5a5a5a5a", staleSince,
                Map.of("alertname", "StalePack", "scope", SCOPE.toString(), "source", "ledger"), Map.of(), null,
                IncidentState.STALE_PACK_WATCH, null);
        given(fullyEvidenced(STALE_PACK).then(OLIVIA_OWNS, new AlertFired(ID, watch)))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("STALE_PACK/FRESH_AGAIN")));
        given(fullyEvidenced(STALE_PACK).then(OLIVIA_OWNS, new AlertFired(ID, watch),
                new AlertResolved(ID, "StalePack", "5a5a5a5a5a5a5a5a", staleSince, staleSince.plusSeconds(3600))))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void closingWithMissingEvidenceIsRefused() {
        given(declared(PUBLISH_FAILURE))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of(
                        "EVIDENCE/CONTAINMENT_ACTION",
                        "EVIDENCE/ROLLBACK_OR_KILL_SWITCH_ACTION",
                        "EVIDENCE/VERIFICATION_RESULT",
                        "EVIDENCE/OPERATOR_OR_OWNER",
                        "EVIDENCE/FOLLOW_UP_REQUIREMENT",
                        "CHECKLIST/PF_IDENTIFY_FAILING_STAGE",
                        "CHECKLIST/PF_CONFIRM_LKG_ACTIVE",
                        "CHECKLIST/PF_NO_GATE_BYPASS",
                        "CHECKLIST/PF_LEAVE_ACTIVE_IF_ISOLATED",
                        "CHECKLIST/PF_PAUSE_GRADUATION_IF_REPEATED",
                        "CHECKLIST/PF_CAPTURE_AUDIT_EVIDENCE",
                        "CHECKLIST/CLOSURE_CONDITION",
                        "CHECKLIST/SEV1_CONTAIN_IMMEDIATELY",
                        "CHECKLIST/SEV1_KILL_SWITCH_OR_ROLLBACK",
                        "CHECKLIST/SEV1_PRESERVE_EVIDENCE",
                        "CHECKLIST/SEV1_SUSPEND_RISKY_FORWARD_CHANGE")));
    }

    @Test
    void gapsListEvidenceThenChecklistThenAFailedVerification() {
        given(declared(TRIGGER_DEDUPE_SPIKE, SEV3_FACTS).then(FAILED))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of(
                        "EVIDENCE/CONTAINMENT_ACTION",
                        "EVIDENCE/ROLLBACK_OR_KILL_SWITCH_ACTION",
                        "EVIDENCE/OPERATOR_OR_OWNER",
                        "EVIDENCE/FOLLOW_UP_REQUIREMENT",
                        "CHECKLIST/TD_INSPECT_INGRESS_CAUSE",
                        "CHECKLIST/TD_INSPECT_LOCK_OWNERSHIP",
                        "CHECKLIST/CLOSURE_CONDITION",
                        "CHECKLIST/SEV3_RECORD",
                        "CHECKLIST/SEV3_INVESTIGATE",
                        "VERIFICATION/LATEST_FAILED")));
    }

    static Stream<Arguments> eachRecordedEvidenceField() {
        return Stream.of(
                Arguments.of(ContainmentActionRecorded.class, "EVIDENCE/CONTAINMENT_ACTION"),
                Arguments.of(InterventionRecorded.class, "EVIDENCE/ROLLBACK_OR_KILL_SWITCH_ACTION"),
                Arguments.of(VerificationRecorded.class, "EVIDENCE/VERIFICATION_RESULT"),
                Arguments.of(RoleClaimed.class, "EVIDENCE/OPERATOR_OR_OWNER"),
                Arguments.of(FollowUpRecorded.class, "EVIDENCE/FOLLOW_UP_REQUIREMENT"));
    }

    @ParameterizedTest
    @MethodSource("eachRecordedEvidenceField")
    void closingWithOneEvidenceFieldMissingNamesIt(Class<? extends IncidentEvent> evidence, String gap) {
        given(fullyEvidenced(PUBLISH_FAILURE).without(evidence))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of(gap)));
    }

    @Test
    void aBadPublishIsNotClosedWithoutAVerifiedRebind() {
        given(fullyEvidenced(BAD_PUBLISH).without(RebindOutcomeRecorded.class))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("REBIND/VERIFIED")));
    }

    @Test
    void aBadPublishWithOnlyAFailedRebindIsNotClosed() {
        given(fullyEvidenced(BAD_PUBLISH).without(RebindOutcomeRecorded.class)
                .then(new RebindOutcomeRecorded(ID, "rb-0123456789ab", RebindOutcome.FAILED, "ACTIVE_WRITE failed: conflict")))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("REBIND/VERIFIED")));
    }

    @Test
    void aBadPublishWhoseObjectiveWasBreachedClosesWithItsFollowUpOnRecord() {
        given(fullyEvidenced(BAD_PUBLISH).without(RebindOutcomeRecorded.class)
                .then(new RebindOutcomeRecorded(ID, "rb-0123456789ab", RebindOutcome.OBJECTIVE_BREACHED,
                        "RESTORE objective missed")).then(OLIVIA_OWNS))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void aRebindOutcomeIsRecordedOnceAndCountsAsTheRollbackAction() {
        RebindOutcomeRecorded verified = new RebindOutcomeRecorded(ID, "rb-0123456789ab", RebindOutcome.VERIFIED, "restored");
        given(declared(BAD_PUBLISH))
                .when(new RecordRebindOutcome(ID, "rb-0123456789ab", RebindOutcome.VERIFIED, "restored"))
                .expectEvents(verified);
        given(declared(BAD_PUBLISH).then(verified))
                .when(new RecordRebindOutcome(ID, "rb-0123456789ab", RebindOutcome.VERIFIED, "restored"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        IncidentState state = IncidentState.declaredBy((IncidentDeclared) declared(BAD_PUBLISH).events().get(0),
                new Provenance("alice", DETECTED_AT), 0);
        state.apply(verified, new Provenance("ledger:rebind-link", DETECTED_AT), 2);
        assertThat(EvidenceField.ROLLBACK_OR_KILL_SWITCH_ACTION.isPresentIn(state)).isTrue();
    }

    @Test
    void statingThatTheRollbackPathFailsMakesTheIncidentSev1() {
        given(declared(BAD_PUBLISH, SEV3_FACTS))
                .when(new StateImpactFact(ID, ImpactFact.ROLLBACK_PATH_FAILING, ImpactFact.Value.YES, "rebind failed"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.listWithAnyOf(
                                org.axonframework.test.matchers.Matchers.matches(payload -> payload instanceof SeverityChanged changed
                                        && changed.to() == SEV1 && changed.basis() == SeverityBasis.DERIVED))));
    }

    @Test
    void aReleaseOwnerIsNotTheOperatorOrOwnerTheRunbookAsksFor() {
        given(fullyEvidenced(BAD_PUBLISH).without(RoleClaimed.class)
                .then(new RoleClaimed(ID, IncidentRole.RELEASE_OWNER, "carol")))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("EVIDENCE/OPERATOR_OR_OWNER")));
    }

    @Test
    void theIncidentOwnerAloneCountsAsOperatorOrOwner() {
        given(fullyEvidenced(BAD_PUBLISH).without(RoleClaimed.class)
                .then(new RoleClaimed(ID, IncidentRole.INCIDENT_OWNER, "dana")))
                .when(new CloseIncident(ID, RECORD), Map.of(MetadataKeys.ACTOR, "dana"))
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void statingThatNoInterventionWasUsedSatisfiesTheRollbackEvidence() {
        given(fullyEvidenced(PUBLISH_FAILURE).then(OLIVIA_OWNS))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void anOpenChecklistItemBlocksClosure() {
        given(fullyEvidenced(PUBLISH_FAILURE).withOpenItem("PF_NO_GATE_BYPASS"))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("CHECKLIST/PF_NO_GATE_BYPASS")));
    }

    @Test
    void anUnmetClosureConditionBlocksClosure() {
        given(fullyEvidenced(PUBLISH_FAILURE).withOpenItem("CLOSURE_CONDITION"))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("CHECKLIST/CLOSURE_CONDITION")));
    }

    @Test
    void aWaivedItemDoesNotBlockClosure() {
        given(fullyEvidenced(PUBLISH_FAILURE).withOpenItem("PF_PAUSE_GRADUATION_IF_REPEATED")
                .then(new ChecklistItemWaived(ID, "PF_PAUSE_GRADUATION_IF_REPEATED", "first failure in 90 days")).then(OLIVIA_OWNS))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void aFailedLatestVerificationBlocksClosure() {
        given(fullyEvidenced(BAD_PUBLISH).then(FAILED))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("VERIFICATION/LATEST_FAILED")));
    }

    @Test
    void aPassedVerificationAfterAFailedOneAllowsClosure() {
        given(fullyEvidenced(BAD_PUBLISH).without(VerificationRecorded.class).then(FAILED, PASSED).then(OLIVIA_OWNS))
                .when(new CloseIncident(ID, RECORD), OLIVIA)
                .expectEvents(new IncidentClosed(ID, RECORD));
    }

    @Test
    void obligationsOfARaisedSeverityMustBeResolved() {
        given(declared(PUBLISH_FAILURE, SEV3_FACTS).withAllEvidence().withChecklistCompleted().then(
                new ImpactReassessed(ID, SEV2_FACTS, SEV2),
                new SeverityChanged(ID, SEV3, SEV2, SeverityBasis.DERIVED, SEV2_REASONS),
                responsesOf(SEV2)))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of(
                        "CHECKLIST/SEV2_HALT_EXPANSION",
                        "CHECKLIST/SEV2_INVESTIGATE_SAME_WINDOW",
                        "CHECKLIST/SEV2_DECIDE_CONTAIN_OR_REPAIR")));
    }

    @Test
    void anUnreviewedRecurrenceBlocksClosure() {
        given(fullyEvidenced(IncidentClass.STALE_PACK).then(
                new RecurrenceFlagged(ID, List.of(PRIOR), 30),
                new ChecklistItemsAdded(ID, List.of(SeverityResponses.recurrenceReview()))))
                .when(new CloseIncident(ID, RECORD))
                .expectException(violation(RuleCode.INCIDENT_NOT_CLOSABLE, List.of("CHECKLIST/RECURRENCE_REVIEW")));
    }

    @Test
    void closingWithoutAPostIncidentRecordIsRefused() {
        given(fullyEvidenced(BAD_PUBLISH))
                .when(new CloseIncident(ID, "  "))
                .expectException(violation(RuleCode.TEXT_REQUIRED));
    }

    @Test
    void closingAClosedIncidentAgainIsANoOp() {
        given(closed(BAD_PUBLISH))
                .when(new CloseIncident(ID, RECORD))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    static Stream<Arguments> commandsThatChangeAnIncident() {
        List<Arguments> commands = new ArrayList<>();
        commands.add(Arguments.of(new ReassessImpact(ID, SEV3_FACTS), Map.of()));
        commands.add(Arguments.of(new EscalateSeverity(ID, SEV1, "worse"), Map.of()));
        commands.add(Arguments.of(new DowngradeSeverity(ID, SEV3, "better"), Map.of()));
        commands.add(Arguments.of(new CompleteChecklistItem(ID, "BP_CONFIRM_CHECKSUMS", "aligned", LATER), Map.of()));
        commands.add(Arguments.of(new WaiveChecklistItem(ID, "BP_BASELINE_ONLY_IF_NEEDED", "not needed"), Map.of()));
        commands.add(Arguments.of(new ClaimRole(ID, IncidentRole.INCIDENT_OWNER), ALICE));
        commands.add(Arguments.of(new RecordObservedFailureMode(ID, "seen again"), Map.of()));
        commands.add(Arguments.of(new RecordContainmentAction(ID, "froze graduation", LATER), Map.of()));
        commands.add(Arguments.of(new RecordIntervention(ID, InterventionKind.ROLLBACK, "rebind-7f3a", "LKG active"), Map.of()));
        commands.add(Arguments.of(new RecordVerification(ID, VerificationOutcome.FAILED, "checksum differs", LATER), Map.of()));
        commands.add(Arguments.of(new RecordFollowUp(ID, "one more thing", null), Map.of()));
        commands.add(Arguments.of(new RecordDecision(ID, "reopen?", "no such command"), Map.of()));
        return commands.stream();
    }

    @ParameterizedTest
    @MethodSource("commandsThatChangeAnIncident")
    void commandsOnAClosedIncidentAreRefused(Object command, Map<String, ?> metaData) {
        given(closed(BAD_PUBLISH))
                .when(command, metaData)
                .expectException(violation(RuleCode.INCIDENT_CLOSED));
    }
}
