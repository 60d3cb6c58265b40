package org.binkindly.ledger.core.incident;

import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The history of an incident in a known condition, as the events a fixture is given, so that a
 * test only has to state what it changes: {@code GivenIncident.fullyEvidenced(BAD_PUBLISH).without(VerificationRecorded.class)}.
 */
final class GivenIncident {

    static final IncidentId ID = IncidentId.of("inc-0123456789ab");
    static final Scope SCOPE = Scope.parse("locality/se-stockholm");
    static final Instant DETECTED_AT = Instant.parse("2025-03-01T08:00:00Z");
    static final TriggerSource TRIGGER = new TriggerSource(TriggerSource.Kind.ALERT, "BinKindlyPublishBlocked");
    static final String FAILURE_MODE = "canary readback returns the previous manifest";

    static final ContainmentActionRecorded CONTAINMENT = new ContainmentActionRecorded(ID,
            "paused publishing for the scope", DETECTED_AT.plusSeconds(300));
    static final InterventionRecorded NO_INTERVENTION = new InterventionRecorded(ID, InterventionKind.NONE_USED, null,
            "last known good stayed active, so no rollback or kill switch was needed");
    static final VerificationRecorded PASSED = new VerificationRecorded(ID, VerificationOutcome.PASSED,
            "canary readback matches the active manifest", DETECTED_AT.plusSeconds(1800));
    static final VerificationRecorded FAILED = new VerificationRecorded(ID, VerificationOutcome.FAILED,
            "canary readback still returns the previous manifest", DETECTED_AT.plusSeconds(900));
    static final RoleClaimed ON_CALL = new RoleClaimed(ID, IncidentRole.ON_CALL_OPERATOR, "alice");
    static final FollowUpRecorded FOLLOW_UP = new FollowUpRecorded(ID, "alert on canary readback mismatch",
            DETECTED_AT.plusSeconds(7 * 24 * 3600));

    private final List<IncidentEvent> events;

    private GivenIncident(List<IncidentEvent> events) {
        this.events = List.copyOf(events);
    }

    /** Declared with nothing known about its impact, so at SEV1. */
    static GivenIncident declared(IncidentClass incidentClass) {
        return declared(incidentClass, ImpactAssessment.nothingKnown());
    }

    static GivenIncident declared(IncidentClass incidentClass, ImpactAssessment impact) {
        return declared(incidentClass, impact, impact.derivedSeverity());
    }

    static GivenIncident declared(IncidentClass incidentClass, ImpactAssessment impact, Severity severity) {
        return new GivenIncident(List.of(
                new IncidentDeclared(ID, incidentClass, SCOPE, impact, impact.derivedSeverity(), severity, TRIGGER,
                        FAILURE_MODE, DETECTED_AT),
                new ChecklistItemsAdded(ID, declarationChecklist(incidentClass, severity))));
    }

    /** Every evidence field recorded, every checklist item completed, the latest verification passed. */
    static GivenIncident fullyEvidenced(IncidentClass incidentClass) {
        GivenIncident evidenced = declared(incidentClass).withAllEvidence().withChecklistCompleted();
        // a bad publish also needs its rollback verified before it may close
        return incidentClass == IncidentClass.BAD_PUBLISH ? evidenced.then(VERIFIED_REBIND) : evidenced;
    }

    static final RebindOutcomeRecorded VERIFIED_REBIND = new RebindOutcomeRecorded(ID, "rb-0123456789ab",
            RebindOutcome.VERIFIED, "restored in 300s (objective met), integrity confirmed in 420s (objective met)");

    static GivenIncident closed(IncidentClass incidentClass) {
        return fullyEvidenced(incidentClass).then(new IncidentClosed(ID, "post-incident record: the gate held"));
    }

    /** The checklist a declaration at this severity starts with: runbook steps, closure condition, severity responses. */
    static List<ChecklistItem> declarationChecklist(IncidentClass incidentClass, Severity severity) {
        List<ChecklistItem> items = new ArrayList<>(incidentClass.steps());
        items.add(incidentClass.closureConditionItem());
        items.addAll(SeverityResponses.of(severity));
        return items;
    }

    GivenIncident then(IncidentEvent... more) {
        List<IncidentEvent> all = new ArrayList<>(events);
        all.addAll(Arrays.asList(more));
        return new GivenIncident(all);
    }

    GivenIncident withAllEvidence() {
        return then(CONTAINMENT, NO_INTERVENTION, PASSED, ON_CALL, FOLLOW_UP);
    }

    /** Completes every item on the checklist so far that is not already completed or waived. */
    GivenIncident withChecklistCompleted() {
        Set<String> resolved = new HashSet<>();
        List<ChecklistItem> items = new ArrayList<>();
        for (IncidentEvent event : events) {
            if (event instanceof ChecklistItemsAdded added) {
                items.addAll(added.items());
            } else if (event instanceof ChecklistItemCompleted completed) {
                resolved.add(completed.itemId());
            } else if (event instanceof ChecklistItemWaived waived) {
                resolved.add(waived.itemId());
            }
        }
        List<IncidentEvent> completions = items.stream()
                .filter(item -> !resolved.contains(item.itemId()))
                .<IncidentEvent>map(item -> completed(item.itemId()))
                .toList();
        return then(completions.toArray(IncidentEvent[]::new));
    }

    GivenIncident without(Class<? extends IncidentEvent> type) {
        return without(type::isInstance);
    }

    GivenIncident without(Predicate<IncidentEvent> unwanted) {
        return new GivenIncident(events.stream().filter(unwanted.negate()).toList());
    }

    /** Drops the completion of one checklist item, leaving it open. */
    GivenIncident withOpenItem(String itemId) {
        return without(event -> event instanceof ChecklistItemCompleted completed && completed.itemId().equals(itemId));
    }

    List<IncidentEvent> events() {
        return events;
    }

    static ChecklistItemCompleted completed(String itemId) {
        return new ChecklistItemCompleted(ID, itemId, "done: " + itemId, DETECTED_AT.plusSeconds(600));
    }
}
