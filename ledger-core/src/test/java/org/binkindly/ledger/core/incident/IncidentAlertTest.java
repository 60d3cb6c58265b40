package org.binkindly.ledger.core.incident;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlert;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlerts;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlert;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlerts;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.binkindly.ledger.core.incident.GivenIncident.ID;
import static org.binkindly.ledger.core.incident.GivenIncident.SCOPE;
import static org.binkindly.ledger.core.incident.ImpactFact.ACTIVE_TRUTH_WRONG_FOR_USERS;
import static org.binkindly.ledger.core.incident.ImpactFact.MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE;
import static org.binkindly.ledger.core.incident.ImpactFact.ROLLBACK_PATH_FAILING;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.NO;
import static org.binkindly.ledger.core.incident.ImpactFact.Value.YES;
import static org.binkindly.ledger.core.shared.RuleViolations.violation;

class IncidentAlertTest {

    private static final Instant STARTS_AT = Instant.parse("2025-03-01T07:58:00Z");
    private static final ImpactAssessment NO_SEV1_FACTS = ImpactAssessment.of(Map.of(
            ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO));
    private static final String FIRST_ACTION = "inspect failed gate and preserve active last-known-good";
    private static final ReceivedAlert PUBLISH_BLOCKED = alert("a1b2c3d4e5f60718", STARTS_AT);

    private AggregateTestFixture<Incident> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Incident.class);
    }

    private static ReceivedAlert alert(String fingerprint, Instant startsAt) {
        return new ReceivedAlert("PublishBlocked", fingerprint, startsAt,
                Map.of("alertname", "PublishBlocked", "scope", SCOPE.toString()),
                Map.of("summary", "publish_blocked 3 times at the verifier gate"), "http://prometheus:9090/graph",
                "ledger");
    }

    private static ReceiveFiringAlert receive(ReceivedAlert alert) {
        return new ReceiveFiringAlert(ID, IncidentClass.PUBLISH_FAILURE, SCOPE, NO_SEV1_FACTS, Severity.SEV2, FIRST_ACTION, alert);
    }

    private static List<IncidentEvent> openedBy(ReceivedAlert alert) {
        TriggerSource trigger = new TriggerSource(TriggerSource.Kind.ALERT,
                "PublishBlocked (fingerprint " + alert.fingerprint() + ", received by ledger)");
        List<ChecklistItem> checklist = new ArrayList<>(IncidentClass.PUBLISH_FAILURE.steps());
        checklist.add(ChecklistItem.alertFirstAction(FIRST_ACTION));
        checklist.add(IncidentClass.PUBLISH_FAILURE.closureConditionItem());
        checklist.addAll(SeverityResponses.of(Severity.SEV2));
        return List.of(
                new IncidentDeclared(ID, IncidentClass.PUBLISH_FAILURE, SCOPE, NO_SEV1_FACTS, Severity.SEV2, Severity.SEV2,
                        trigger, "publish_blocked 3 times at the verifier gate", alert.startsAt()),
                new ChecklistItemsAdded(ID, checklist),
                new AlertFired(ID, alert));
    }

    @Test
    void aFiringAlertForNoIncidentDeclaresItAtTheMatrixSeverityWithTheFirstActionOnTheChecklist() {
        fixture.givenNoPriorActivity()
                .when(receive(PUBLISH_BLOCKED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(openedBy(PUBLISH_BLOCKED).toArray())
                .expectResultMessagePayload(AlertReceipt.OPENED);
    }

    @Test
    void factsThatDemandMoreThanTheMatrixWin() {
        ReceiveFiringAlert unknownFacts = new ReceiveFiringAlert(ID, IncidentClass.RESOLVER_HEALTH, SCOPE,
                ImpactAssessment.of(Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO, ROLLBACK_PATH_FAILING, NO)), Severity.SEV2, null,
                PUBLISH_BLOCKED);
        fixture.givenNoPriorActivity()
                .when(unknownFacts)
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.sequenceOf(
                                org.axonframework.test.matchers.Matchers.matches(event -> event instanceof IncidentDeclared declared
                                        && declared.severity() == Severity.SEV1 && declared.derivedSeverity() == Severity.SEV1),
                                org.axonframework.test.matchers.Matchers.matches(event -> event instanceof ChecklistItemsAdded added
                                        && added.items().stream().noneMatch(item -> item.itemId().equals("ALERT_FIRST_ACTION"))),
                                org.axonframework.test.matchers.Matchers.matches(AlertFired.class::isInstance),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void aBatchOfFiringsOpensTheIncidentOnceAndRecordsEachFiringAsItsOwnEventInOrder() {
        ReceivedAlert second = alert("ffeeddccbbaa9988", STARTS_AT.plusSeconds(60));
        List<Object> expected = new ArrayList<>(openedBy(PUBLISH_BLOCKED));
        expected.add(new AlertFired(ID, second));
        fixture.givenNoPriorActivity()
                .when(new ReceiveFiringAlerts(ID, IncidentClass.PUBLISH_FAILURE, SCOPE,
                        List.of(receive(PUBLISH_BLOCKED), receive(second), receive(second))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(expected.toArray())
                .expectResultMessagePayload(List.of(AlertReceipt.OPENED, AlertReceipt.ATTACHED, AlertReceipt.ALREADY_RECORDED));
    }

    @Test
    void aBatchReachingAClosedIncidentRecordsNothingNewAndNamesEachNewFiringClosed() {
        List<Object> closed = new ArrayList<>(openedBy(PUBLISH_BLOCKED));
        closed.add(new IncidentClosed(ID, "gate held"));
        fixture.given(closed)
                .when(new ReceiveFiringAlerts(ID, IncidentClass.PUBLISH_FAILURE, SCOPE,
                        List.of(receive(PUBLISH_BLOCKED), receive(alert("0011223344556677", STARTS_AT.plusSeconds(3600))))))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(List.of(AlertReceipt.ALREADY_RECORDED, AlertReceipt.INCIDENT_CLOSED));
    }

    @Test
    void aBatchOfResolutionsRecordsEachOnceAndLeavesUnreceivedFiringsOff() {
        Instant endsAt = STARTS_AT.plusSeconds(900);
        ReceivedAlert ghost = alert("9999999999999999", STARTS_AT.minusSeconds(600));
        fixture.given(openedBy(PUBLISH_BLOCKED).toArray())
                .when(new RecordResolvedAlerts(ID, List.of(new RecordResolvedAlert(ID, PUBLISH_BLOCKED, endsAt),
                        new RecordResolvedAlert(ID, ghost, endsAt), new RecordResolvedAlert(ID, PUBLISH_BLOCKED, endsAt))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertResolved(ID, "PublishBlocked", PUBLISH_BLOCKED.fingerprint(), STARTS_AT, endsAt))
                .expectResultMessagePayload(List.of(AlertReceipt.RESOLUTION_RECORDED, AlertReceipt.RESOLUTION_UNMATCHED,
                        AlertReceipt.ALREADY_RECORDED));
    }

    @Test
    void aNewFiringOnAnOpenIncidentIsAttached() {
        ReceivedAlert another = alert("ffeeddccbbaa9988", STARTS_AT.plusSeconds(60));
        fixture.given(openedBy(PUBLISH_BLOCKED).toArray())
                .when(receive(another))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertFired(ID, another))
                .expectResultMessagePayload(AlertReceipt.ATTACHED);
    }

    @Test
    void theSameFiringAgainChangesNothing() {
        fixture.given(openedBy(PUBLISH_BLOCKED).toArray())
                .when(receive(PUBLISH_BLOCKED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(AlertReceipt.ALREADY_RECORDED);
    }

    @Test
    void aNewFiringOnAClosedIncidentIsRefused() {
        List<Object> closed = new ArrayList<>(GivenIncident.closed(IncidentClass.PUBLISH_FAILURE).events());
        fixture.given(closed)
                .when(receive(alert("0011223344556677", STARTS_AT.plusSeconds(3600))))
                .expectException(violation(RuleCode.INCIDENT_CLOSED));
    }

    @Test
    void aResolutionIsRecordedAndNeverClosesTheIncident() {
        Instant endsAt = STARTS_AT.plusSeconds(900);
        fixture.given(openedBy(PUBLISH_BLOCKED).toArray())
                .when(new RecordResolvedAlert(ID, PUBLISH_BLOCKED, endsAt))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertResolved(ID, "PublishBlocked", PUBLISH_BLOCKED.fingerprint(), STARTS_AT, endsAt))
                .expectResultMessagePayload(AlertReceipt.RESOLUTION_RECORDED)
                .expectState(incident -> org.assertj.core.api.Assertions.assertThat(stateOf(incident).isOpen()).isTrue());
    }

    @Test
    void theSameResolutionAgainChangesNothing() {
        Instant endsAt = STARTS_AT.plusSeconds(900);
        List<Object> resolved = new ArrayList<>(openedBy(PUBLISH_BLOCKED));
        resolved.add(new AlertResolved(ID, "PublishBlocked", PUBLISH_BLOCKED.fingerprint(), STARTS_AT, endsAt));
        fixture.given(resolved)
                .when(new RecordResolvedAlert(ID, PUBLISH_BLOCKED, endsAt))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(AlertReceipt.ALREADY_RECORDED);
    }

    @Test
    void aResolutionReachingAClosedIncidentIsStillRecorded() {
        List<Object> closed = new ArrayList<>(openedBy(PUBLISH_BLOCKED));
        closed.add(new IncidentClosed(ID, "gate held"));
        Instant endsAt = STARTS_AT.plusSeconds(7200);
        fixture.given(closed)
                .when(new RecordResolvedAlert(ID, PUBLISH_BLOCKED, endsAt))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AlertResolved(ID, "PublishBlocked", PUBLISH_BLOCKED.fingerprint(), STARTS_AT, endsAt));
    }

    @Test
    void aResolutionForAFiringTheIncidentNeverReceivedIsNotAttached() {
        ReceivedAlert ghost = alert("9999999999999999", STARTS_AT.minusSeconds(600));
        fixture.given(openedBy(PUBLISH_BLOCKED).toArray())
                .when(new RecordResolvedAlert(ID, ghost, STARTS_AT.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(AlertReceipt.RESOLUTION_UNMATCHED);
    }

    @Test
    void aFiringDatedAtReceiptIsStillTheFiringItsSenderReported() {
        Instant reported = Instant.parse("2099-01-01T00:00:00Z");
        ReceivedAlert clamped = new ReceivedAlert("PublishBlocked", "c1a2b3c4d5e6f708", STARTS_AT.plusSeconds(60),
                Map.of("alertname", "PublishBlocked"), Map.of(), null, "ledger",
                new AlertCorrections("ab".repeat(32), reported, List.of("startsAt beyond the allowed clock skew")));
        ReceivedAlert resentLater = new ReceivedAlert("PublishBlocked", "c1a2b3c4d5e6f708", STARTS_AT.plusSeconds(600),
                Map.of("alertname", "PublishBlocked"), Map.of(), null, "ledger",
                new AlertCorrections("ab".repeat(32), reported, List.of("startsAt beyond the allowed clock skew")));
        List<Object> attached = new ArrayList<>(openedBy(PUBLISH_BLOCKED));
        attached.add(new AlertFired(ID, clamped));
        fixture.given(attached)
                .when(receive(resentLater))
                .expectNoEvents()
                .expectResultMessagePayload(AlertReceipt.ALREADY_RECORDED);
        fixture.given(attached)
                .when(new RecordResolvedAlert(ID, resentLater, STARTS_AT.plusSeconds(900)))
                .expectEvents(new AlertResolved(ID, "PublishBlocked", "c1a2b3c4d5e6f708", reported, STARTS_AT.plusSeconds(900)))
                .expectResultMessagePayload(AlertReceipt.RESOLUTION_RECORDED);
    }

    @Test
    void impactLabelsOfAnAttachingAlertRestateTheFactsAndTheSeverityFollows() {
        ReceivedAlert usersHit = alert("5555aaaa5555aaaa", STARTS_AT.plusSeconds(60));
        ImpactAssessment raised = ImpactAssessment.of(Map.of(
                ACTIVE_TRUTH_WRONG_FOR_USERS, YES, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO));
        fixture.given(openedBy(PUBLISH_BLOCKED).toArray())
                .when(new ReceiveFiringAlert(ID, IncidentClass.PUBLISH_FAILURE, SCOPE, NO_SEV1_FACTS, Severity.SEV2, FIRST_ACTION,
                        usersHit, Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, YES, ROLLBACK_PATH_FAILING, NO)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(AlertReceipt.ATTACHED)
                .expectState(incident -> {
                    IncidentState state = stateOf(incident);
                    org.assertj.core.api.Assertions.assertThat(state.severity()).isEqualTo(Severity.SEV1);
                    org.assertj.core.api.Assertions.assertThat(state.impact()).isEqualTo(raised);
                    org.assertj.core.api.Assertions.assertThat(state.severityHistory().get(state.severityHistory().size() - 1)
                            .reason()).startsWith("stated by alert PublishBlocked (fingerprint 5555aaaa5555aaaa)");
                })
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.sequenceOf(
                                org.axonframework.test.matchers.Matchers.equalTo(new AlertFired(ID, usersHit)),
                                org.axonframework.test.matchers.Matchers.equalTo(new ImpactReassessed(ID, raised, Severity.SEV1,
                                        "alert PublishBlocked (fingerprint 5555aaaa5555aaaa)")),
                                org.axonframework.test.matchers.Matchers.matches(event -> event instanceof SeverityChanged changed
                                        && changed.to() == Severity.SEV1 && changed.from() == Severity.SEV2))));
    }

    @Test
    void anAlertLabelStatingAFactFalseNeverLowersTheIncident() {
        ReceivedAlert saysFine = alert("6666bbbb6666bbbb", STARTS_AT.plusSeconds(60));
        List<Object> usersHit = new ArrayList<>(openedBy(PUBLISH_BLOCKED));
        ImpactAssessment sev1 = ImpactAssessment.of(Map.of(
                ACTIVE_TRUTH_WRONG_FOR_USERS, YES, ROLLBACK_PATH_FAILING, NO, MANIFEST_RESOLUTION_BROADLY_UNAVAILABLE, NO));
        usersHit.add(new ImpactReassessed(ID, sev1, Severity.SEV1));
        usersHit.add(new SeverityChanged(ID, Severity.SEV2, Severity.SEV1, SeverityBasis.DERIVED, "users see wrong truth"));
        fixture.given(usersHit)
                .when(new ReceiveFiringAlert(ID, IncidentClass.PUBLISH_FAILURE, SCOPE, NO_SEV1_FACTS, Severity.SEV2, FIRST_ACTION,
                        saysFine, Map.of(ACTIVE_TRUTH_WRONG_FOR_USERS, NO)))
                .expectEvents(new AlertFired(ID, saysFine))
                .expectState(incident -> org.assertj.core.api.Assertions.assertThat(stateOf(incident).severity())
                        .isEqualTo(Severity.SEV1));
    }

    private static IncidentState stateOf(Incident incident) {
        try {
            java.lang.reflect.Field field = Incident.class.getDeclaredField("state");
            field.setAccessible(true);
            return (IncidentState) field.get(incident);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
