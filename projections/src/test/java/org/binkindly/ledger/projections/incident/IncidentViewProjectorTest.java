package org.binkindly.ledger.projections.incident;

import org.assertj.core.groups.Tuple;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.binkindly.ledger.core.incident.AlertFired;
import org.binkindly.ledger.core.incident.AlertResolved;
import org.binkindly.ledger.core.incident.ChecklistItem;
import org.binkindly.ledger.core.incident.ChecklistItemCompleted;
import org.binkindly.ledger.core.incident.ChecklistItemWaived;
import org.binkindly.ledger.core.incident.ChecklistItemsAdded;
import org.binkindly.ledger.core.incident.ContainmentActionRecorded;
import org.binkindly.ledger.core.incident.DecisionRecorded;
import org.binkindly.ledger.core.incident.EvidenceField;
import org.binkindly.ledger.core.incident.FailureModeObserved;
import org.binkindly.ledger.core.incident.FollowUpRecorded;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentClosed;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentEvent;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.InterventionRecorded;
import org.binkindly.ledger.core.incident.KillSwitchLinked;
import org.binkindly.ledger.core.incident.LinkedKillSwitchReleased;
import org.binkindly.ledger.core.incident.RebindOutcome;
import org.binkindly.ledger.core.incident.RebindOutcomeRecorded;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.incident.RecurrenceFlagged;
import org.binkindly.ledger.core.incident.RoleClaimed;
import org.binkindly.ledger.core.incident.SeverityBasis;
import org.binkindly.ledger.core.incident.SeverityChanged;
import org.binkindly.ledger.core.incident.SeverityResponses;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.incident.VerificationRecorded;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.support.EmbeddedDatabase;
import org.binkindly.ledger.projections.support.LedgerJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binkindly.ledger.projections.incident.IncidentEvents.FAILURE_MODE;
import static org.binkindly.ledger.projections.incident.IncidentEvents.OSLO;
import static org.binkindly.ledger.projections.incident.IncidentEvents.PIPELINE;
import static org.binkindly.ledger.projections.incident.IncidentEvents.STOCKHOLM;
import static org.binkindly.ledger.projections.incident.IncidentEvents.SWEDEN;
import static org.binkindly.ledger.projections.incident.IncidentEvents.TRIGGER;
import static org.binkindly.ledger.projections.incident.IncidentEvents.declarationChecklist;

class IncidentViewProjectorTest {

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final IncidentId INCIDENT = incident(1);

    private JdbcTemplate jdbc;
    private IncidentViewProjector projector;

    /** What the event store handed the projector, per incident, so a test can redeliver or fold it again. */
    private final Map<IncidentId, List<Delivery>> delivered = new LinkedHashMap<>();
    private Instant clock = T0.plusSeconds(60);

    private record Delivery(IncidentEvent event, String actor, Instant recordedAt, long sequenceNumber) {
    }

    @BeforeEach
    void newProjector() {
        jdbc = database.jdbc();
        projector = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
    }

    // --- the incident -------------------------------------------------------------------------

    @Test
    void declaredIncidentIsFoundWithItsSeverityAndTheChecklistItWasDeclaredWith() {
        IncidentDeclared declared = declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);

        IncidentView view = find(INCIDENT);

        assertThat(view.incidentId()).isEqualTo(INCIDENT);
        assertThat(view.incidentClass()).isEqualTo(IncidentClass.BAD_PUBLISH);
        assertThat(view.scope()).isEqualTo(STOCKHOLM);
        assertThat(view.status()).isEqualTo(IncidentState.Status.OPEN);
        assertThat(view.severity()).isEqualTo(Severity.SEV2);
        assertThat(view.derivedSeverity()).isEqualTo(Severity.SEV2);
        assertThat(view.escalationFloor()).isNull();
        assertThat(view.impact()).isEqualTo(declared.impact());
        assertThat(view.severityReasons()).isNotEmpty().allMatch(reason -> reason.endsWith(" is stated"));
        assertThat(view.detectedAt()).isEqualTo(T0);
        assertThat(view.trigger()).isEqualTo(TRIGGER);
        assertThat(view.declared().actor()).isEqualTo("alice");
        assertThat(view.observedFailureModes()).extracting(IncidentView.Note::text).containsExactly(FAILURE_MODE);
        assertThat(view.expectedEffect()).isEqualTo(IncidentClass.BAD_PUBLISH.expectedEffect());
        assertThat(view.closureCondition()).isEqualTo(IncidentClass.BAD_PUBLISH.closureCondition());
        assertThat(view.checklist()).extracting(IncidentView.ChecklistEntry::item)
                .containsExactlyElementsOf(declarationChecklist(IncidentClass.BAD_PUBLISH, Severity.SEV2));
        assertThat(view.checklist()).extracting(IncidentView.ChecklistEntry::item)
                .contains(IncidentClass.BAD_PUBLISH.closureConditionItem())
                .containsAll(SeverityResponses.of(Severity.SEV2))
                .doesNotContainAnyElementsOf(SeverityResponses.of(Severity.SEV1));
        assertThat(view.checklist()).allMatch(entry -> entry.status() == IncidentState.ItemStatus.OPEN);
        assertThat(view.roles()).isEmpty();
        assertThat(view.containmentActions()).isEmpty();
        assertThat(view.closure()).isNull();
        assertThat(view.closable()).isFalse();
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void recordedFactsShowInTheIncident() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        String firstStep = IncidentClass.BAD_PUBLISH.steps().get(0).itemId();
        String halt = "SEV2_HALT_EXPANSION";

        Delivery owner = record("bob", new RoleClaimed(INCIDENT, IncidentRole.INCIDENT_OWNER, "bob"));
        record("bob", new ContainmentActionRecorded(INCIDENT, "paused publishing for the scope", T0.plusSeconds(300)));
        record("bob", new InterventionRecorded(INCIDENT, InterventionKind.ROLLBACK, "rb-0042", "active manifest rolled back"));
        Delivery completed = record("carol", new ChecklistItemCompleted(INCIDENT, firstStep, "manifest diff attached",
                T0.plusSeconds(600)));
        record("bob", new ChecklistItemWaived(INCIDENT, halt, "no expansion was planned for the scope"));
        record("bob", new DecisionRecorded(INCIDENT, "keep the scope on last known good", "the source is still drifting"));
        record("bob", new FollowUpRecorded(INCIDENT, "alert on canary readback mismatch", T0.plus(Duration.ofDays(7))));

        IncidentView view = find(INCIDENT);

        assertThat(view.roles()).containsOnlyKeys(IncidentRole.INCIDENT_OWNER);
        assertThat(view.roles().get(IncidentRole.INCIDENT_OWNER))
                .isEqualTo(new IncidentView.RoleHolder("bob", owner.recordedAt()));
        assertThat(view.containmentActions()).singleElement()
                .satisfies(note -> {
                    assertThat(note.text()).isEqualTo("paused publishing for the scope");
                    assertThat(note.performedAt()).isEqualTo(T0.plusSeconds(300));
                    assertThat(note.provenance().actor()).isEqualTo("bob");
                });
        assertThat(view.interventions()).extracting(IncidentView.Intervention::kind, IncidentView.Intervention::reference)
                .containsExactly(Tuple.tuple(InterventionKind.ROLLBACK, "rb-0042"));
        assertThat(entry(view, firstStep)).satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(IncidentState.ItemStatus.COMPLETED);
            assertThat(entry.evidence()).isEqualTo("manifest diff attached");
            assertThat(entry.performedAt()).isEqualTo(T0.plusSeconds(600));
            assertThat(entry.provenance()).isEqualTo(new Provenance("carol", completed.recordedAt()));
        });
        assertThat(entry(view, halt).status()).isEqualTo(IncidentState.ItemStatus.WAIVED);
        assertThat(entry(view, halt).evidence()).isEqualTo("no expansion was planned for the scope");
        assertThat(view.decisions()).extracting(IncidentView.Decision::decision)
                .containsExactly("keep the scope on last known good");
        assertThat(view.followUps()).extracting(IncidentView.FollowUp::requirement)
                .containsExactly("alert on canary readback mismatch");
        assertThat(view.version()).isEqualTo(8);
    }

    @Test
    void escalationShowsInTheIncidentAndInTheList() {
        declare(INCIDENT, IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0);

        escalate(INCIDENT, Severity.SEV3, Severity.SEV1);

        IncidentView view = find(INCIDENT);
        assertThat(view.severity()).isEqualTo(Severity.SEV1);
        assertThat(view.derivedSeverity()).isEqualTo(Severity.SEV3);
        assertThat(view.escalationFloor()).isEqualTo(Severity.SEV1);
        assertThat(view.severityHistory()).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo(Severity.SEV3);
            assertThat(change.to()).isEqualTo(Severity.SEV1);
            assertThat(change.basis()).isEqualTo(SeverityBasis.ESCALATED);
            assertThat(change.provenance().actor()).isEqualTo("bob");
        });
        assertThat(view.checklist()).extracting(IncidentView.ChecklistEntry::item)
                .containsAll(SeverityResponses.of(Severity.SEV1));
        assertThat(view.version()).isEqualTo(3);
        assertThat(projector.handle(new ListIncidents(null, null, 10)))
                .extracting(IncidentSummary::severity, IncidentSummary::version)
                .containsExactly(Tuple.tuple(Severity.SEV1, 3L));
    }

    @Test
    void unknownIncidentIsNotFound() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        IncidentId unknown = incident(0xdead);

        assertThat(projector.handle(new FindIncident(unknown))).isEmpty();
        assertThat(projector.handle(new FindEvidenceCompleteness(unknown))).isEmpty();
        assertThat(projector.handle(new FindIncidentTimeline(unknown))).isEmpty();
    }

    // --- evidence completeness ----------------------------------------------------------------

    @Test
    void evidenceCompletenessListsAllNineFieldsPresentOrMissing() {
        declare(INCIDENT, IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV2, T0);
        record("alice", new RoleClaimed(INCIDENT, IncidentRole.ON_CALL_OPERATOR, "alice"));

        EvidenceCompletenessView completeness = completeness(INCIDENT);

        assertThat(completeness.fields()).extracting(EvidenceCompletenessView.Field::field)
                .containsExactly(EvidenceField.values());
        assertThat(completeness.fields()).hasSize(9)
                .allMatch(field -> field.runbookWording().equals(field.field().runbookWording()));
        assertThat(presentFields(completeness, true)).containsExactly(EvidenceField.TIMESTAMP, EvidenceField.SCOPE,
                EvidenceField.TRIGGER_SOURCE, EvidenceField.OBSERVED_FAILURE_MODE, EvidenceField.OPERATOR_OR_OWNER);
        assertThat(presentFields(completeness, false)).containsExactly(EvidenceField.CONTAINMENT_ACTION,
                EvidenceField.ROLLBACK_OR_KILL_SWITCH_ACTION, EvidenceField.VERIFICATION_RESULT,
                EvidenceField.FOLLOW_UP_REQUIREMENT);
        List<ChecklistItem> checklist = declarationChecklist(IncidentClass.PUBLISH_FAILURE, Severity.SEV2);
        assertThat(completeness.checklist()).extracting(EvidenceCompletenessView.Item::itemId)
                .containsExactlyElementsOf(checklist.stream().map(ChecklistItem::itemId).toList());
        assertThat(completeness.missing()).startsWith("EVIDENCE/CONTAINMENT_ACTION",
                        "EVIDENCE/ROLLBACK_OR_KILL_SWITCH_ACTION", "EVIDENCE/VERIFICATION_RESULT",
                        "EVIDENCE/FOLLOW_UP_REQUIREMENT")
                .hasSize(4 + checklist.size())
                .contains("CHECKLIST/CLOSURE_CONDITION");
        assertThat(completeness.latestVerificationPassed()).isFalse();
        assertThat(completeness.closable()).isFalse();
        assertThat(completeness.status()).isEqualTo(IncidentState.Status.OPEN);
        assertThat(completeness.version()).isEqualTo(2);
    }

    @Test
    void incidentBecomesClosableOnlyWhenTheFoldHasNoGapsLeft() {
        declare(INCIDENT, IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV2, T0);
        assertCompletenessAgreesWithTheFold(INCIDENT);

        for (IncidentEvent evidence : allEvidence(INCIDENT)) {
            record("alice", evidence);
            assertCompletenessAgreesWithTheFold(INCIDENT);
            assertThat(completeness(INCIDENT).closable()).isFalse();
        }
        List<ChecklistItem> checklist = declarationChecklist(IncidentClass.PUBLISH_FAILURE, Severity.SEV2);
        for (ChecklistItem item : checklist.subList(0, checklist.size() - 1)) {
            record("alice", settle(INCIDENT, item));
            assertCompletenessAgreesWithTheFold(INCIDENT);
        }
        ChecklistItem last = checklist.get(checklist.size() - 1);
        assertThat(completeness(INCIDENT).missing()).containsExactly("CHECKLIST/" + last.itemId());
        assertThat(completeness(INCIDENT).closable()).isFalse();
        assertThat(find(INCIDENT).closable()).isFalse();

        record("alice", settle(INCIDENT, last));

        assertCompletenessAgreesWithTheFold(INCIDENT);
        EvidenceCompletenessView completeness = completeness(INCIDENT);
        assertThat(completeness.closable()).isTrue();
        assertThat(completeness.missing()).isEmpty();
        assertThat(completeness.fields()).allMatch(EvidenceCompletenessView.Field::present);
        assertThat(completeness.latestVerificationPassed()).isTrue();
        assertThat(find(INCIDENT).closable()).isTrue();
        assertThat(find(INCIDENT).missingForClosure()).isEmpty();
    }

    @Test
    void failedLatestVerificationKeepsTheIncidentFromClosing() {
        declare(INCIDENT, IncidentClass.PUBLISH_FAILURE, STOCKHOLM, Severity.SEV2, T0);
        allEvidence(INCIDENT).forEach(event -> record("alice", event));
        settleChecklist(INCIDENT, IncidentClass.PUBLISH_FAILURE, Severity.SEV2);

        record("alice", new VerificationRecorded(INCIDENT, VerificationOutcome.FAILED,
                "canary readback returns the previous manifest again", T0.plusSeconds(3600)));

        EvidenceCompletenessView failed = completeness(INCIDENT);
        assertThat(failed.latestVerificationPassed()).isFalse();
        assertThat(failed.closable()).isFalse();
        assertThat(failed.missing()).containsExactly("VERIFICATION/LATEST_FAILED");
        assertCompletenessAgreesWithTheFold(INCIDENT);

        record("alice", new VerificationRecorded(INCIDENT, VerificationOutcome.PASSED,
                "canary readback matches the active manifest", T0.plusSeconds(5400)));

        assertThat(completeness(INCIDENT).latestVerificationPassed()).isTrue();
        assertThat(completeness(INCIDENT).closable()).isTrue();
        assertCompletenessAgreesWithTheFold(INCIDENT);
    }

    @Test
    void closedIncidentIsNoLongerClosableAndOwesNothing() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        close(INCIDENT, IncidentClass.BAD_PUBLISH, Severity.SEV2);

        EvidenceCompletenessView completeness = completeness(INCIDENT);
        assertThat(completeness.status()).isEqualTo(IncidentState.Status.CLOSED);
        assertThat(completeness.closable()).isFalse();
        assertThat(completeness.missing()).isEmpty();
        assertCompletenessAgreesWithTheFold(INCIDENT);
        IncidentView view = find(INCIDENT);
        assertThat(view.status()).isEqualTo(IncidentState.Status.CLOSED);
        assertThat(view.closable()).isFalse();
        assertThat(view.closure().postIncidentRecord()).isEqualTo("post-incident record: the gate held");
        assertThat(view.closure().provenance().actor()).isEqualTo("bob");
    }

    // --- the timeline -------------------------------------------------------------------------

    @Test
    void timelineHasOneEntryPerEventInOrderWithItsActorAndType() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        record("bob", new RoleClaimed(INCIDENT, IncidentRole.INCIDENT_OWNER, "bob"));
        record("carol", new ContainmentActionRecorded(INCIDENT, "paused publishing for the scope", T0.plusSeconds(300)));
        record("bob", new IncidentClosed(INCIDENT, "post-incident record"));
        declare(incident(2), IncidentClass.SOURCE_OUTAGE, SWEDEN, Severity.SEV3, T0);

        TimelineView timeline = projector.handle(new FindIncidentTimeline(INCIDENT)).orElseThrow();

        List<Delivery> history = delivered.get(INCIDENT);
        assertThat(timeline.incidentId()).isEqualTo(INCIDENT);
        assertThat(timeline.entries()).extracting(TimelineView.Entry::sequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(timeline.entries()).extracting(TimelineView.Entry::eventType).containsExactly(
                "IncidentDeclared", "ChecklistItemsAdded", "RoleClaimed", "ContainmentActionRecorded", "IncidentClosed");
        assertThat(timeline.entries()).extracting(TimelineView.Entry::actor)
                .containsExactly("alice", "alice", "bob", "carol", "bob");
        assertThat(timeline.entries()).extracting(TimelineView.Entry::recordedAt)
                .containsExactlyElementsOf(history.stream().map(Delivery::recordedAt).toList());
        assertThat(timeline.entries().get(0).event().get("incidentClass").asText()).isEqualTo("BAD_PUBLISH");
        assertThat(timeline.entries().get(0).event().get("scope").asText()).isEqualTo("locality/se-stockholm");
        assertThat(timeline.entries().get(0).event().get("detectedAt").asText()).isEqualTo("2025-03-01T08:00:00Z");
        assertThat(timeline.entries().get(1).event().get("items"))
                .hasSize(declarationChecklist(IncidentClass.BAD_PUBLISH, Severity.SEV2).size());
        assertThat(timeline.entries().get(2).event().get("holder").asText()).isEqualTo("bob");
        assertThat(timeline.entries()).allMatch(entry -> entry.event().get("incidentId").asText().equals(INCIDENT.value()));
    }

    // --- the severity board -------------------------------------------------------------------

    @Test
    void severityBoardGroupsOpenIncidentsByScopeMostSevereScopeFirst() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0);
        declare(incident(2), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1, T0.plusSeconds(60));
        close(incident(2), IncidentClass.BAD_PUBLISH, Severity.SEV1);
        // to the nanosecond, as the incident itself shows it (the table's column keeps microseconds)
        Instant detectedInSweden = T0.plusSeconds(120).plusNanos(123_456_789);
        declare(incident(3), IncidentClass.PUBLISH_FAILURE, SWEDEN, Severity.SEV2, detectedInSweden);
        declare(incident(4), IncidentClass.WORKFLOW_WATCHDOG, PIPELINE, Severity.SEV3, T0.minusSeconds(3600));
        declare(incident(5), IncidentClass.AI_LANE_INSTABILITY, PIPELINE, Severity.SEV1, T0.plusSeconds(180));
        declare(incident(6), IncidentClass.TRIGGER_DEDUPE_SPIKE, PIPELINE, Severity.SEV3, T0.plusSeconds(240));
        declare(incident(7), IncidentClass.SOURCE_OUTAGE, OSLO, Severity.SEV2, T0);
        close(incident(7), IncidentClass.SOURCE_OUTAGE, Severity.SEV2);

        SeverityBoardView board = projector.handle(new ListSeverityBoard());

        assertThat(board.openIncidents()).isEqualTo(5);
        assertThat(board.scopes()).extracting(SeverityBoardView.ScopeRow::scope)
                .containsExactly(PIPELINE, SWEDEN, STOCKHOLM);
        assertThat(board.scopes()).extracting(SeverityBoardView.ScopeRow::highestSeverity)
                .containsExactly(Severity.SEV1, Severity.SEV2, Severity.SEV3);
        assertThat(incidentsOn(board, PIPELINE)).containsExactly(incident(5), incident(4), incident(6));
        assertThat(incidentsOn(board, SWEDEN)).containsExactly(incident(3));
        assertThat(incidentsOn(board, STOCKHOLM)).containsExactly(incident(1));

        SeverityBoardView.IncidentRow sweden = board.scopes().get(1).incidents().get(0);
        int checklistSize = declarationChecklist(IncidentClass.PUBLISH_FAILURE, Severity.SEV2).size();
        assertThat(sweden.incidentClass()).isEqualTo(IncidentClass.PUBLISH_FAILURE);
        assertThat(sweden.severity()).isEqualTo(Severity.SEV2);
        assertThat(sweden.detectedAt()).isEqualTo(detectedInSweden).isEqualTo(find(incident(3)).detectedAt());
        assertThat(sweden.openChecklistItems()).isEqualTo(checklistSize);
        assertThat(sweden.missingForClosure()).isEqualTo(5 + checklistSize);
    }

    @Test
    void closingTheLastOpenIncidentTakesItsScopeOffTheBoard() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0);
        declare(incident(2), IncidentClass.BAD_PUBLISH, SWEDEN, Severity.SEV1, T0);
        assertThat(projector.handle(new ListSeverityBoard()).scopes()).extracting(SeverityBoardView.ScopeRow::scope)
                .containsExactly(SWEDEN, STOCKHOLM);

        close(incident(2), IncidentClass.BAD_PUBLISH, Severity.SEV1);

        SeverityBoardView board = projector.handle(new ListSeverityBoard());
        assertThat(board.scopes()).extracting(SeverityBoardView.ScopeRow::scope).containsExactly(STOCKHOLM);
        assertThat(board.openIncidents()).isEqualTo(1);
    }

    @Test
    void escalationMovesItsScopeUpTheBoard() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0);
        declare(incident(2), IncidentClass.PUBLISH_FAILURE, SWEDEN, Severity.SEV2, T0);

        escalate(incident(1), Severity.SEV3, Severity.SEV1);

        SeverityBoardView board = projector.handle(new ListSeverityBoard());
        assertThat(board.scopes()).extracting(SeverityBoardView.ScopeRow::scope).containsExactly(STOCKHOLM, SWEDEN);
        assertThat(board.scopes().get(0).highestSeverity()).isEqualTo(Severity.SEV1);
    }

    @Test
    void theBoardCountsRowsFoldedBeforeTheirCountsWereStoredFromTheirStateUntilTheyAreCounted() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1, T0);
        allEvidence(incident(1)).stream().limit(3).forEach(event -> record("alice", event));
        declare(incident(2), IncidentClass.AI_LANE_INSTABILITY, PIPELINE, Severity.SEV2, T0.plusSeconds(60));
        record("alice", new KillSwitchLinked(incident(2), "ks-aaaaaaaaaaaa", KillSwitchKind.AI_LANE));
        settleChecklist(incident(2), IncidentClass.AI_LANE_INSTABILITY, Severity.SEV2);
        declare(incident(3), IncidentClass.STALE_PACK, SWEDEN, Severity.SEV3, T0.plusSeconds(120));
        SeverityBoardView counted = projector.handle(new ListSeverityBoard());
        assertThat(counted.scopes()).flatExtracting(SeverityBoardView.ScopeRow::incidents)
                .extracting(SeverityBoardView.IncidentRow::missingForClosure).doesNotContain(0);

        // rows as V282 leaves them: no counts yet
        jdbc.update("update incident_view set open_items = null, closure_gaps = null");
        assertThat(new IncidentViewProjector(jdbc, LedgerJson.objectMapper()).handle(new ListSeverityBoard()))
                .as("counted from their state").isEqualTo(counted);

        assertThat(IncidentViewProjector.countUncountedRows(jdbc, LedgerJson.objectMapper())).isEqualTo(3);
        List.of(incident(1), incident(2), incident(3)).forEach(this::assertStoredBoardCountsAgreeWithTheFold);
        assertThat(IncidentViewProjector.countUncountedRows(jdbc, LedgerJson.objectMapper())).as("nothing left").isZero();
        assertThat(projector.handle(new ListSeverityBoard())).isEqualTo(counted);
    }

    @Test
    void emptyBoardWhenNothingIsOpen() {
        SeverityBoardView board = projector.handle(new ListSeverityBoard());

        assertThat(board.scopes()).isEmpty();
        assertThat(board.openIncidents()).isZero();
    }

    // --- the incident list --------------------------------------------------------------------

    @Test
    void listingIsNewestFirstAndFiltersByStatusAndScope() {
        declare(incident(1), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0);
        declare(incident(2), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV1, T0.plusSeconds(60));
        close(incident(2), IncidentClass.BAD_PUBLISH, Severity.SEV1);
        declare(incident(3), IncidentClass.PUBLISH_FAILURE, SWEDEN, Severity.SEV2, T0.plusSeconds(120));
        declare(incident(4), IncidentClass.SOURCE_OUTAGE, STOCKHOLM, Severity.SEV2, T0.plusSeconds(180));
        declare(incident(5), IncidentClass.SOURCE_OUTAGE, Scope.parse("country/se-stockholm"), Severity.SEV2,
                T0.plusSeconds(240));

        assertThat(list(null, null, 10)).containsExactly(incident(5), incident(4), incident(3), incident(2), incident(1));
        assertThat(list(IncidentState.Status.OPEN, null, 10))
                .containsExactly(incident(5), incident(4), incident(3), incident(1));
        assertThat(list(IncidentState.Status.CLOSED, null, 10)).containsExactly(incident(2));
        assertThat(list(null, STOCKHOLM, 10)).containsExactly(incident(4), incident(2), incident(1));
        assertThat(list(IncidentState.Status.OPEN, STOCKHOLM, 10)).containsExactly(incident(4), incident(1));
        assertThat(list(IncidentState.Status.CLOSED, SWEDEN, 10)).isEmpty();

        IncidentSummary closed = projector.handle(new ListIncidents(IncidentState.Status.CLOSED, null, 10)).get(0);
        assertThat(closed).isEqualTo(new IncidentSummary(incident(2), IncidentClass.BAD_PUBLISH, STOCKHOLM,
                Severity.SEV1, IncidentState.Status.CLOSED, T0.plusSeconds(60), find(incident(2)).version()));
    }

    @Test
    void listingHonoursTheLimit() {
        for (int n = 1; n <= 5; n++) {
            declare(incident(n), IncidentClass.STALE_PACK, STOCKHOLM, Severity.SEV3, T0.plusSeconds(60L * n));
        }

        assertThat(list(null, null, 2)).containsExactly(incident(5), incident(4));
        assertThat(list(IncidentState.Status.OPEN, STOCKHOLM, 3)).containsExactly(incident(5), incident(4), incident(3));
        assertThat(list(null, null, 100)).hasSize(5);
    }

    // --- redelivery and replay ----------------------------------------------------------------

    @Test
    void redeliveredEventsChangeNothing() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        allEvidence(INCIDENT).forEach(event -> record("alice", event));
        record("bob", new ChecklistItemCompleted(INCIDENT, IncidentClass.BAD_PUBLISH.steps().get(0).itemId(),
                "manifest diff attached", T0.plusSeconds(600)));
        IncidentView before = find(INCIDENT);
        EvidenceCompletenessView completenessBefore = completeness(INCIDENT);
        TimelineView timelineBefore = timeline(INCIDENT);

        for (Delivery delivery : List.copyOf(delivered.get(INCIDENT))) {
            // A redelivery carries the same event; a later actor or clock must not rewrite history either.
            projector.on(delivery.event(), "mallory", delivery.recordedAt().plusSeconds(999), delivery.sequenceNumber());
        }

        assertThat(find(INCIDENT)).isEqualTo(before);
        assertThat(find(INCIDENT).version()).isEqualTo(before.version()).isEqualTo(delivered.get(INCIDENT).size() - 1);
        assertThat(completeness(INCIDENT)).isEqualTo(completenessBefore);
        assertThat(timeline(INCIDENT)).isEqualTo(timelineBefore);
        assertThat(timeline(INCIDENT).entries()).hasSize(delivered.get(INCIDENT).size())
                .noneMatch(entry -> "mallory".equals(entry.actor()));
        assertThat(rows("incident_timeline")).isEqualTo(delivered.get(INCIDENT).size());
        assertThat(rows("incident_view")).isEqualTo(1);
    }

    @Test
    void redeliveredChecklistDoesNotDoubleTheChecklist() {
        IncidentDeclared declared = declare(INCIDENT, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, Severity.SEV1, T0);
        Delivery checklist = delivered.get(INCIDENT).get(1);

        projector.on(checklist.event(), checklist.actor(), checklist.recordedAt(), checklist.sequenceNumber());

        assertThat(find(INCIDENT).checklist()).hasSize(declarationChecklist(declared).items().size());
        assertThat(find(INCIDENT).version()).isEqualTo(1);
        assertThat(timeline(INCIDENT).entries()).hasSize(2);
    }

    @Test
    void redeliveredDeclarationDoesNotUndoLaterFacts() {
        declare(INCIDENT, IncidentClass.SOURCE_OUTAGE, STOCKHOLM, Severity.SEV2, T0);
        record("bob", new RoleClaimed(INCIDENT, IncidentRole.INCIDENT_OWNER, "bob"));
        escalate(INCIDENT, Severity.SEV2, Severity.SEV1);
        Delivery declaration = delivered.get(INCIDENT).get(0);

        projector.on(declaration.event(), declaration.actor(), declaration.recordedAt(), 0L);

        IncidentView view = find(INCIDENT);
        assertThat(view.severity()).isEqualTo(Severity.SEV1);
        assertThat(view.roles()).containsKey(IncidentRole.INCIDENT_OWNER);
        assertThat(view.version()).isEqualTo(4);
        assertThat(list(null, null, 10)).containsExactly(INCIDENT);
        assertThat(projector.handle(new ListIncidents(null, null, 10)).get(0).severity()).isEqualTo(Severity.SEV1);
    }

    @Test
    void resetEmptiesEveryIncidentView() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        declare(incident(2), IncidentClass.STALE_PACK, SWEDEN, Severity.SEV3, T0);
        close(incident(2), IncidentClass.STALE_PACK, Severity.SEV3);

        projector.reset();

        assertThat(rows("incident_view")).isZero();
        assertThat(rows("incident_timeline")).isZero();
        assertThat(projector.handle(new FindIncident(incident(1)))).isEmpty();
        assertThat(projector.handle(new FindIncidentTimeline(incident(2)))).isEmpty();
        assertThat(projector.handle(new ListSeverityBoard()).scopes()).isEmpty();
        assertThat(projector.handle(new ListIncidents(null, null, 10))).isEmpty();
    }

    @Test
    void aResetInATransactionTruncatesTheTablesAndLeavesItsLockTimeoutAsItWas() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        Map<String, Long> fileNodes = fileNodes();

        inTransaction(() -> {
            jdbc.execute("set local lock_timeout = '7s'");
            projector.reset();
            assertThat(jdbc.queryForObject("select current_setting('lock_timeout')", String.class)).isEqualTo("7s");
        });

        assertThat(fileNodes()).allSatisfy((table, fileNode) -> assertThat(fileNode).as(table).isNotEqualTo(fileNodes.get(table)));
        IncidentViewProjector.TRUNCATED_AT_RESET.forEach(table -> assertThat(rows(table)).as(table).isZero());
    }

    @Test
    void aResetFindingAReaderHoldingTheTablesDeletesTheRowsInsteadOfWaitingForIt() throws Exception {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        Map<String, Long> fileNodes = fileNodes();

        try (Connection reader = jdbc.getDataSource().getConnection()) {
            reader.setAutoCommit(false);
            try (Statement read = reader.createStatement()) {
                read.executeQuery("select count(*) from incident_view").close(); // its lock lasts until its transaction ends
            }
            inTransaction(projector::reset);
            reader.rollback();
        }

        assertThat(fileNodes()).isEqualTo(fileNodes);
        IncidentViewProjector.TRUNCATED_AT_RESET.forEach(table -> assertThat(rows(table)).as(table).isZero());
    }

    @Test
    void aResetByARoleNotAllowedToTruncateDeletesTheRows() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        jdbc.execute("do $$ begin if not exists (select from pg_roles where rolname = 'views_without_truncate') then "
                + "create role views_without_truncate; end if; end $$");
        jdbc.execute("grant select, insert, update, delete on all tables in schema public to views_without_truncate");
        Map<String, Long> fileNodes = fileNodes();

        inTransaction(() -> {
            jdbc.execute("set local role views_without_truncate");
            projector.reset();
        });

        assertThat(fileNodes()).isEqualTo(fileNodes);
        IncidentViewProjector.TRUNCATED_AT_RESET.forEach(table -> assertThat(rows(table)).as(table).isZero());
    }

    /** A table's file changes when it is truncated, not when its rows are deleted. */
    private Map<String, Long> fileNodes() {
        Map<String, Long> fileNodes = new TreeMap<>();
        IncidentViewProjector.TRUNCATED_AT_RESET.forEach(table ->
                fileNodes.put(table, jdbc.queryForObject("select pg_relation_filenode(?::regclass)", Long.class, table)));
        return fileNodes;
    }

    @Test
    void replayAfterResetRebuildsTheSameViews() {
        declare(incident(1), IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        record("bob", new RoleClaimed(incident(1), IncidentRole.INCIDENT_OWNER, "bob"));
        escalate(incident(1), Severity.SEV2, Severity.SEV1);
        declare(incident(2), IncidentClass.STALE_PACK, SWEDEN, Severity.SEV3, T0.plusSeconds(60));
        close(incident(2), IncidentClass.STALE_PACK, Severity.SEV3);
        IncidentView first = find(incident(1));
        IncidentView second = find(incident(2));
        TimelineView secondTimeline = timeline(incident(2));
        SeverityBoardView board = projector.handle(new ListSeverityBoard());

        projector.reset();
        delivered.values().forEach(history -> history.forEach(this::deliver));

        assertThat(find(incident(1))).isEqualTo(first);
        assertThat(find(incident(2))).isEqualTo(second);
        assertThat(timeline(incident(2))).isEqualTo(secondTimeline);
        assertThat(projector.handle(new ListSeverityBoard())).isEqualTo(board);
    }

    /** {@link #INCIDENT} declared with all its evidence recorded, and a second incident declared in another scope; returns the second. */
    private IncidentId twoIncidentsTheFirstWithItsEvidence() {
        IncidentId other = incident(2);
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        declare(other, IncidentClass.SOURCE_OUTAGE, OSLO, Severity.SEV2, T0);
        allEvidence(INCIDENT).forEach(event -> record("alice", event));
        return other;
    }

    @Test
    void aBatchWritesAtItsCommitExactlyWhatEventByEventDeliveryWrites() {
        IncidentId other = twoIncidentsTheFirstWithItsEvidence();
        escalate(other, Severity.SEV2, Severity.SEV1);
        close(INCIDENT, IncidentClass.BAD_PUBLISH, Severity.SEV2);
        Map<String, List<String>> oneByOne = tables();

        IncidentViewProjector batched = refoldInBatches(7, false);

        assertThat(tables()).isEqualTo(oneByOne);
        assertThat(find(INCIDENT).status()).isEqualTo(IncidentState.Status.CLOSED);
        assertThat(find(other).severity()).isEqualTo(Severity.SEV1);
        assertThat(batched.batchesWrittenAgain()).isZero();
    }

    @Test
    void aLargeBatchInATransactionInsertsItsNewRowsAsNewAndWritesWhatEventByEventDeliveryWrites() {
        IncidentId other = twoIncidentsTheFirstWithItsEvidence();
        for (int i = 0; i < 60; i++) {
            record("bob", new ContainmentActionRecorded(i % 2 == 0 ? INCIDENT : other, "action " + i, T0.plusSeconds(400 + i)));
        }
        escalate(other, Severity.SEV2, Severity.SEV1);
        close(INCIDENT, IncidentClass.BAD_PUBLISH, Severity.SEV2);
        Map<String, List<String>> oneByOne = tables();

        // with a redelivery in every batch, and checklist entries replaced by later batches
        IncidentViewProjector batched = refoldInBatches(IncidentViewProjector.COPY_NEW_ROWS_FROM + 8, true);

        assertThat(tables()).isEqualTo(oneByOne);
        assertThat(batched.batchesWrittenAgain()).as("batches that found a row they had taken for new").isZero();
    }

    @Test
    void aLargeBatchFindingARowItTookForNewIsWrittenAgainWithoutChangingWhatWasThere() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        for (int i = 0; i < 50; i++) {
            record("bob", new ContainmentActionRecorded(INCIDENT, "action " + i, T0.plusSeconds(400 + i)));
        }
        Map<String, List<String>> oneByOne = tables();
        String tenth = jdbc.queryForObject("select t::text from incident_timeline t where sequence_number = 10", String.class);

        projector.reset();
        // another node (or an older ledger) wrote one timeline row without the row's version saying so
        jdbc.update("insert into incident_timeline select (?::incident_timeline).*", tenth);
        IncidentViewProjector batched = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
        inTransaction(() -> {
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
            delivered.get(INCIDENT).forEach(delivery -> batched.on(delivery.event(), delivery.actor(), delivery.recordedAt(),
                    delivery.sequenceNumber()));
            unitOfWork.commit();
        });

        assertThat(tables()).isEqualTo(oneByOne);
        assertThat(batched.batchesWrittenAgain()).isEqualTo(1);
    }

    /**
     * Resets the views and folds everything delivered so far again, in order, in batches of {@code size}, each
     * holding its first event twice (a redelivery changes nothing); each batch in a transaction of its own if asked.
     */
    private IncidentViewProjector refoldInBatches(int size, boolean inTransactions) {
        List<Delivery> everything = new ArrayList<>();
        delivered.values().forEach(everything::addAll);
        everything.sort(java.util.Comparator.comparing(Delivery::recordedAt));
        projector.reset();
        IncidentViewProjector batched = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
        for (int from = 0; from < everything.size(); from += size) {
            List<Delivery> batch = everything.subList(from, Math.min(from + size, everything.size()));
            boolean first = from == 0;
            Runnable fold = () -> {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
                batch.forEach(delivery -> batched.on(delivery.event(), delivery.actor(), delivery.recordedAt(), delivery.sequenceNumber()));
                batched.on(batch.get(0).event(), "mallory", batch.get(0).recordedAt(), batch.get(0).sequenceNumber());
                if (first) {
                    assertThat(rows("incident_view") + rows("incident_timeline")).as("written before the batch commits").isZero();
                }
                unitOfWork.commit();
            };
            if (inTransactions) {
                inTransaction(fold);
            } else {
                fold.run();
            }
        }
        return batched;
    }

    /** As a processor's batch runs: in a transaction the projector's statements share. */
    private void inTransaction(Runnable work) {
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(status -> work.run());
    }

    @Test
    void aRolledBackBatchWritesNothing() {
        IncidentDeclared declared = IncidentEvents.declared(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projector.on(declared, "alice", T0, 0L);
        unitOfWork.rollback();

        assertThat(rows("incident_view") + rows("incident_timeline")).isZero();
    }

    @Test
    void theStateAProjectorKeptFoldsAsTheStoredDocumentWould() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        allEvidence(INCIDENT).forEach(event -> record("alice", event));
        escalate(INCIDENT, Severity.SEV2, Severity.SEV1);
        close(INCIDENT, IncidentClass.BAD_PUBLISH, Severity.SEV1);
        Map<String, List<String>> keptBetweenEvents = tables();

        // each event folded by a projector that has kept nothing: into the document as read from its row
        projector.reset();
        delivered.get(INCIDENT).forEach(delivery -> new IncidentViewProjector(jdbc, LedgerJson.objectMapper())
                .on(delivery.event(), delivery.actor(), delivery.recordedAt(), delivery.sequenceNumber()));

        assertThat(tables()).isEqualTo(keptBetweenEvents);
    }

    @Test
    void aKeptStateIsNotUsedOnceAnotherNodeHasWrittenTheRow() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        List<IncidentEvent> evidence = allEvidence(INCIDENT);
        record("alice", evidence.get(0));
        // the processor's segment moved to another node, which folded the next event into the row
        IncidentViewProjector otherNode = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
        Delivery elsewhere = undelivered("bob", evidence.get(1));
        otherNode.on(elsewhere.event(), elsewhere.actor(), elsewhere.recordedAt(), elsewhere.sequenceNumber());
        // and back here: this projector's kept state is one event behind the row
        record("carol", evidence.get(2));

        assertThat(find(INCIDENT)).isEqualTo(IncidentView.of(fold(INCIDENT)));
        assertThat(find(INCIDENT).version()).isEqualTo(elsewhere.sequenceNumber() + 1);
    }

    @Test
    void aBatchRolledBackAfterChangingTheKeptStateLeavesItUnused() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        List<IncidentEvent> evidence = allEvidence(INCIDENT);
        record("alice", evidence.get(0));
        Delivery next = undelivered("bob", evidence.get(1));
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projector.on(next.event(), next.actor(), next.recordedAt(), next.sequenceNumber());
        unitOfWork.rollback();

        // redelivered after the rollback: folded once, into the row as stored
        projector.on(next.event(), next.actor(), next.recordedAt(), next.sequenceNumber());

        assertThat(find(INCIDENT)).isEqualTo(IncidentView.of(fold(INCIDENT)));
    }

    // --- the lists, stored as entry rows -------------------------------------------------------

    @Test
    void everyListOfTheFoldIsStoredAsEntryRowsAndReadBackInItsOrder() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        List<IncidentEvent> events = new ArrayList<>(allEvidence(INCIDENT));
        // twelve actions: entries in index order, not in their index's text order (10 before 2)
        for (int i = 2; i <= 12; i++) {
            events.add(new ContainmentActionRecorded(INCIDENT, "action " + i, T0.plusSeconds(300 + i)));
        }
        ReceivedAlert firing = new ReceivedAlert("PublishFailed", "fp-1", T0, Map.of("scope", "se-stockholm"),
                Map.of("summary", "publish failed"), "http://prometheus/graph", "ledger");
        events.addAll(List.of(
                new FailureModeObserved(INCIDENT, "the manifest points at a pack that is not there"),
                new DecisionRecorded(INCIDENT, "rebind to the last known good pack", "the new pack cannot be repaired in time"),
                new RecurrenceFlagged(INCIDENT, List.of(incident(7)), 30),
                new RebindOutcomeRecorded(INCIDENT, "rb-aaaaaaaaaaaa", RebindOutcome.VERIFIED, "canary readback matches"),
                new KillSwitchLinked(INCIDENT, "ks-aaaaaaaaaaaa", KillSwitchKind.BAD_PACK),
                new KillSwitchLinked(INCIDENT, "ks-bbbbbbbbbbbb", KillSwitchKind.BAD_PACK),
                new AlertFired(INCIDENT, firing),
                new AlertFired(INCIDENT, new ReceivedAlert("PublishFailed", "fp-2", T0.plusSeconds(5), Map.of(), Map.of(),
                        null, "ledger")),
                // entries the fold replaces: the stored row must follow, not keep the first version
                new AlertResolved(INCIDENT, "PublishFailed", "fp-1", T0, T0.plusSeconds(900)),
                new LinkedKillSwitchReleased(INCIDENT, "ks-aaaaaaaaaaaa"),
                new SeverityChanged(INCIDENT, Severity.SEV2, Severity.SEV1, SeverityBasis.ESCALATED, "spreading")));
        declarationChecklist(IncidentClass.BAD_PUBLISH, Severity.SEV2).stream().limit(2)
                .forEach(item -> events.add(settle(INCIDENT, item)));

        for (IncidentEvent event : events) {
            record("alice", event);
            assertThat(find(INCIDENT)).as("after %s", event.getClass().getSimpleName()).isEqualTo(IncidentView.of(fold(INCIDENT)));
            assertStoredBoardCountsAgreeWithTheFold(INCIDENT);
        }

        IncidentState folded = fold(INCIDENT);
        assertThat(IncidentViewProjector.ENTRY_LISTS.values()).allSatisfy(list -> assertThat(list.apply(folded)).isNotEmpty());
        assertThat(jdbc.queryForObject("""
                select count(*) from incident_view, jsonb_object_keys(state) as k where k = any(?)""", Integer.class,
                (Object) IncidentViewProjector.ENTRY_LISTS.keySet().toArray(String[]::new)))
                .as("the document holds none of the lists").isZero();
        assertThat(rows("incident_view_entry"))
                .isEqualTo(IncidentViewProjector.ENTRY_LISTS.values().stream().mapToInt(list -> list.apply(folded).size()).sum());
        IncidentViewProjector keptNothing = new IncidentViewProjector(jdbc, LedgerJson.objectMapper());
        assertThat(keptNothing.handle(new FindIncident(INCIDENT)).orElseThrow()).isEqualTo(IncidentView.of(folded));
        assertThat(find(INCIDENT).containmentActions()).extracting(IncidentView.Note::text).endsWith("action 9", "action 10",
                "action 11", "action 12");
    }

    /**
     * A projector that kept the incident writes, per event, only the entry rows that event added or replaced:
     * the lists it kept follow every addition and replacement, so an entry replaced once is not written again
     * by each event after it (the table would still be right; the writes would grow with the incident).
     */
    @Test
    void aKeptStateWritesOnlyTheEntriesEachEventAddedOrReplaced() {
        declare(INCIDENT, IncidentClass.BAD_PUBLISH, STOCKHOLM, Severity.SEV2, T0);
        record("alice", new KillSwitchLinked(INCIDENT, "ks-aaaaaaaaaaaa", KillSwitchKind.BAD_PACK));
        record("alice", new AlertFired(INCIDENT, new ReceivedAlert("PublishFailed", "fp-1", T0, Map.of(), Map.of(), null, "ledger")));
        jdbc.execute("create table entry_writes (n serial, list_name text, entry_index int, operation text)");
        jdbc.execute("""
                create function count_entry_write() returns trigger language plpgsql as $$
                begin insert into entry_writes (list_name, entry_index, operation) values (new.list_name, new.entry_index, tg_op);
                return new; end $$""");
        jdbc.execute("create trigger count_entry_writes after insert or update on incident_view_entry"
                + " for each row execute function count_entry_write()");
        try {
            record("alice", new AlertResolved(INCIDENT, "PublishFailed", "fp-1", T0, T0.plusSeconds(900)));
            record("alice", new LinkedKillSwitchReleased(INCIDENT, "ks-aaaaaaaaaaaa"));
            record("alice", new ContainmentActionRecorded(INCIDENT, "paused publishing for the scope", T0.plusSeconds(300)));
            record("alice", new ContainmentActionRecorded(INCIDENT, "told the locality's operators", T0.plusSeconds(400)));

            assertThat(jdbc.queryForList("select list_name || '/' || entry_index || ' ' || operation from entry_writes order by n",
                    String.class)).containsExactly("alerts/0 UPDATE", "killSwitches/0 UPDATE", "containmentActions/0 INSERT",
                    "containmentActions/1 INSERT");
            assertThat(find(INCIDENT)).isEqualTo(IncidentView.of(fold(INCIDENT)));
        } finally {
            jdbc.execute("drop trigger count_entry_writes on incident_view_entry");
            jdbc.execute("drop function count_entry_write()");
            jdbc.execute("drop table entry_writes");
        }
    }

    @Test
    void everyListOfTheFoldIsOneOfTheStoredEntryLists() throws Exception {
        List<String> lists = Arrays.stream(IncidentState.class.getDeclaredFields())
                .filter(field -> List.class.isAssignableFrom(field.getType()) && !Modifier.isStatic(field.getModifiers()))
                .map(Field::getName).toList();

        assertThat(IncidentViewProjector.ENTRY_LISTS.keySet()).containsExactlyInAnyOrderElementsOf(lists);
        // the migration that moved the lists out of the documents already stored names every one, twice
        String migration = new String(getClass().getResourceAsStream("/db/migration/V281__incident_view_entries.sql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(lists).allSatisfy(list -> assertThat(migration.split("'" + list + "'", -1)).hasSize(3));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static IncidentId incident(int n) {
        return IncidentId.of("inc-%012x".formatted(n));
    }

    /** Declares as the aggregate does: the declaration, then its checklist, both by alice. */
    private IncidentDeclared declare(IncidentId id, IncidentClass incidentClass, Scope scope, Severity severity,
                                     Instant detectedAt) {
        IncidentDeclared declared = IncidentEvents.declared(id, incidentClass, scope, severity, detectedAt);
        record("alice", declared);
        record("alice", declarationChecklist(declared));
        return declared;
    }

    private void escalate(IncidentId id, Severity from, Severity to) {
        record("bob", new SeverityChanged(id, from, to, SeverityBasis.ESCALATED, "refresh is failing across the scope"));
        record("bob", new ChecklistItemsAdded(id, SeverityResponses.of(to)));
    }

    /** Records every evidence field, settles every checklist item, then closes, as the closure gate demands. */
    private void close(IncidentId id, IncidentClass incidentClass, Severity severity) {
        allEvidence(id).forEach(event -> record("alice", event));
        settleChecklist(id, incidentClass, severity);
        record("bob", new IncidentClosed(id, "post-incident record: the gate held"));
    }

    private static List<IncidentEvent> allEvidence(IncidentId id) {
        return List.of(
                new RoleClaimed(id, IncidentRole.ON_CALL_OPERATOR, "alice"),
                new ContainmentActionRecorded(id, "paused publishing for the scope", T0.plusSeconds(300)),
                new InterventionRecorded(id, InterventionKind.NONE_USED, null,
                        "last known good stayed active, so no rollback or kill switch was needed"),
                new VerificationRecorded(id, VerificationOutcome.PASSED, "canary readback matches the active manifest",
                        T0.plusSeconds(1800)),
                new FollowUpRecorded(id, "alert on canary readback mismatch", T0.plus(Duration.ofDays(7))));
    }

    private void settleChecklist(IncidentId id, IncidentClass incidentClass, Severity severity) {
        declarationChecklist(incidentClass, severity).forEach(item -> record("alice", settle(id, item)));
    }

    /** Severity responses are waived with a reason; everything else is completed with evidence (the closure condition cannot be waived). */
    private static IncidentEvent settle(IncidentId id, ChecklistItem item) {
        if (item.origin() == ChecklistItem.Origin.SEVERITY_RESPONSE) {
            return new ChecklistItemWaived(id, item.itemId(), "handled under the runbook steps");
        }
        return new ChecklistItemCompleted(id, item.itemId(), "done: " + item.itemId(), T0.plusSeconds(1200));
    }

    private Delivery record(String actor, IncidentEvent event) {
        Delivery delivery = undelivered(actor, event);
        deliver(delivery);
        return delivery;
    }

    /** An event the store holds, not yet handed to this test's projector. */
    private Delivery undelivered(String actor, IncidentEvent event) {
        List<Delivery> history = delivered.computeIfAbsent(event.incidentId(), id -> new ArrayList<>());
        clock = clock.plusSeconds(60);
        Delivery delivery = new Delivery(event, actor, clock, history.size());
        history.add(delivery);
        return delivery;
    }

    private void deliver(Delivery delivery) {
        projector.on(delivery.event(), delivery.actor(), delivery.recordedAt(), delivery.sequenceNumber());
    }

    /** The shared fold over what was delivered, independent of anything the projector stored. */
    private IncidentState fold(IncidentId id) {
        List<Delivery> history = delivered.get(id);
        Delivery first = history.get(0);
        IncidentState state = IncidentState.declaredBy((IncidentDeclared) first.event(),
                new Provenance(first.actor(), first.recordedAt()), first.sequenceNumber());
        for (Delivery delivery : history.subList(1, history.size())) {
            state.apply(delivery.event(), new Provenance(delivery.actor(), delivery.recordedAt()),
                    delivery.sequenceNumber());
        }
        return state;
    }

    private void assertCompletenessAgreesWithTheFold(IncidentId id) {
        IncidentState state = fold(id);
        EvidenceCompletenessView completeness = completeness(id);
        boolean closable = state.isOpen() && state.closureGaps().isEmpty();
        assertThat(completeness.closable()).as("closable").isEqualTo(closable);
        assertThat(find(id).closable()).as("incident closable").isEqualTo(closable);
        assertThat(completeness.missing()).as("missing").isEqualTo(state.isOpen() ? state.closureGaps() : List.of());
        assertThat(completeness.version()).isEqualTo(state.version());
        // the view's own records carry every field of the fold, under the same names (but the fold's
        // transient index of its alerts, which is derived from the alert list the view does carry)
        assertThat(state).usingRecursiveComparison().ignoringFields("alertPositions", "containmentActionKeys").isEqualTo(find(id));
        for (EvidenceCompletenessView.Field field : completeness.fields()) {
            assertThat(field.present()).as(field.field().name()).isEqualTo(field.field().isPresentIn(state));
        }
        assertThat(completeness.checklist()).extracting(EvidenceCompletenessView.Item::status)
                .containsExactlyElementsOf(state.checklist().stream().map(IncidentState.ChecklistEntry::status).toList());
        assertStoredBoardCountsAgreeWithTheFold(id);
    }

    /** The row's two board counts are the fold's: its open checklist items and its closure gaps. */
    private void assertStoredBoardCountsAgreeWithTheFold(IncidentId id) {
        IncidentState state = fold(id);
        Map<String, Object> stored = jdbc.queryForMap("select open_items, closure_gaps from incident_view where incident_id = ?",
                id.value());
        assertThat(stored.get("open_items")).as("open_items").isEqualTo((int) state.checklist().stream()
                .filter(entry -> entry.status() == IncidentState.ItemStatus.OPEN).count());
        assertThat(stored.get("closure_gaps")).as("closure_gaps").isEqualTo(state.closureGaps().size());
    }

    private IncidentView find(IncidentId id) {
        return projector.handle(new FindIncident(id)).orElseThrow();
    }

    private EvidenceCompletenessView completeness(IncidentId id) {
        return projector.handle(new FindEvidenceCompleteness(id)).orElseThrow();
    }

    private TimelineView timeline(IncidentId id) {
        return projector.handle(new FindIncidentTimeline(id)).orElseThrow();
    }

    private List<IncidentId> list(IncidentState.Status status, Scope scope, int limit) {
        return projector.handle(new ListIncidents(status, scope, limit)).stream().map(IncidentSummary::incidentId).toList();
    }

    private static List<IncidentId> incidentsOn(SeverityBoardView board, Scope scope) {
        return board.scopes().stream().filter(row -> row.scope().equals(scope)).findFirst().orElseThrow()
                .incidents().stream().map(SeverityBoardView.IncidentRow::incidentId).toList();
    }

    private static List<EvidenceField> presentFields(EvidenceCompletenessView completeness, boolean present) {
        return completeness.fields().stream().filter(field -> field.present() == present)
                .map(EvidenceCompletenessView.Field::field).toList();
    }

    private static IncidentView.ChecklistEntry entry(IncidentView view, String itemId) {
        return view.checklist().stream().filter(entry -> entry.item().itemId().equals(itemId)).findFirst().orElseThrow();
    }

    /** The three tables, row by row in key order, as text. */
    private Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : List.of("incident_view", "incident_view_entry", "incident_timeline")) {
            tables.put(table, jdbc.queryForList("select t::text from " + table + " t order by 1", String.class));
        }
        return tables;
    }

    private int rows(String table) {
        Integer count = jdbc.queryForObject("select count(*) from " + table, Integer.class);
        return count == null ? 0 : count;
    }
}
