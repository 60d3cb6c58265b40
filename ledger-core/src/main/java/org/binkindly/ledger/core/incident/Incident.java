package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.incident.command.ClaimRole;
import org.binkindly.ledger.core.incident.command.CloseIncident;
import org.binkindly.ledger.core.incident.command.CompleteChecklistItem;
import org.binkindly.ledger.core.incident.command.DeclareIncident;
import org.binkindly.ledger.core.incident.command.DowngradeSeverity;
import org.binkindly.ledger.core.incident.command.EscalateSeverity;
import org.binkindly.ledger.core.incident.command.FlagRecurrence;
import org.binkindly.ledger.core.incident.command.LinkKillSwitch;
import org.binkindly.ledger.core.incident.command.ReassessImpact;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlert;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlerts;
import org.binkindly.ledger.core.incident.command.RecordContainmentAction;
import org.binkindly.ledger.core.incident.command.RecordDecision;
import org.binkindly.ledger.core.incident.command.RecordFollowUp;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.incident.command.RecordLinkedKillSwitchReleased;
import org.binkindly.ledger.core.incident.command.RecordObservedFailureMode;
import org.binkindly.ledger.core.incident.command.RecordRebindOutcome;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlert;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlerts;
import org.binkindly.ledger.core.incident.command.RecordVerification;
import org.binkindly.ledger.core.incident.command.RestateImpactFacts;
import org.binkindly.ledger.core.incident.command.StateImpactFact;
import org.binkindly.ledger.core.incident.command.WaiveChecklistItem;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.LongHandlerTimeout;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.core.shared.Texts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An incident worked through the runbook. Every rule is checked here before an event is applied;
 * the state itself is {@link IncidentState}, folded from those events.
 */
// Cached, and snapshotted every so many events (see AggregateConfiguration): an incident of 10,000 alerts must not
// replay its stream per command. A snapshot is this object as JSON in the snapshot table, never an event.
@AggregateRoot
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Incident {

    @AggregateIdentifier
    private IncidentId incidentId;
    private IncidentState state;

    Incident() {
        // rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    IncidentState handle(DeclareIncident command) {
        String separateBecause = command.separateFrom() == null ? null
                : Texts.required(command.separateBecause(), "reason for a separate incident");
        Severity derived = (command.impact() == null ? ImpactAssessment.nothingKnown() : command.impact()).derivedSeverity();
        Severity requested = command.requestedSeverity();
        // raising the severity at declaration is an escalation: it needs a reason, as a later one does
        String escalationReason = requested != null && requested.isAbove(derived)
                ? Texts.required(command.severityReason(), "escalation reason (severityReason)") : null;
        declare(command.incidentId(), command.incidentClass(), command.scope(), command.impact(),
                requested, command.trigger(), command.observedFailureMode(), command.detectedAt(), null);
        if (command.separateFrom() != null) {
            // one open incident per class and scope: a second one exists only with the operator's reason on record
            apply(new DecisionRecorded(command.incidentId(),
                    "declared as a separate incident beside the open %s".formatted(command.separateFrom()), separateBecause));
        }
        if (escalationReason != null) {
            apply(new DecisionRecorded(command.incidentId(),
                    "declared at %s, escalated above the %s its facts demand".formatted(requested, derived), escalationReason));
        }
        return answer();
    }

    /**
     * An alert opens the incident it is routed to, or is attached to it; the routing (one open
     * incident per class and scope) is decided before this, by the alert correlation.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AlertReceipt handle(ReceiveFiringAlert command) {
        AlertReceipt receipt = receive(command);
        if (receipt == AlertReceipt.INCIDENT_CLOSED) {
            requireOpen();
        }
        return receipt;
    }

    /**
     * The firings of one delivery routed here, each received as {@link ReceiveFiringAlert} is, in one
     * command: one load of this aggregate and one transaction for the lot, each firing still its own
     * event. A closed incident refuses none of them as a whole: each new firing is answered
     * {@code INCIDENT_CLOSED}, so the intake routes just those to the next incident.
     */
    // a delivery's alerts in one command (LongHandlerTimeout)
    @MessageHandlerTimeout(timeoutMs = LongHandlerTimeout.TIMEOUT_MS, warningThresholdMs = LongHandlerTimeout.WARNING_THRESHOLD_MS,
            warningIntervalMs = LongHandlerTimeout.WARNING_INTERVAL_MS)
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    List<AlertReceipt> handle(ReceiveFiringAlerts command) {
        List<AlertReceipt> receipts = new ArrayList<>(command.firings().size());
        for (ReceiveFiringAlert firing : command.firings()) {
            receipts.add(receive(firing));
        }
        return receipts;
    }

    private AlertReceipt receive(ReceiveFiringAlert command) {
        ReceivedAlert alert = Objects.requireNonNull(command.alert(), "alert");
        if (state != null && state.alert(alert.firingKey()).isPresent()) {
            return AlertReceipt.ALREADY_RECORDED;
        }
        if (state == null) {
            ImpactAssessment impact = command.impact() == null ? ImpactAssessment.nothingKnown() : command.impact();
            Severity derived = impact.derivedSeverity();
            Severity matrix = command.matrixSeverity();
            String name = alert.alertname() == null ? "(unnamed alert)" : alert.alertname();
            String summary = alert.annotations().getOrDefault("summary", alert.annotations().get("description"));
            declare(command.incidentId(), command.incidentClass(), command.scope(), impact,
                    matrix != null && matrix.isAbove(derived) ? matrix : null,
                    new TriggerSource(TriggerSource.Kind.ALERT, "%s (fingerprint %s, received by %s)".formatted(
                            name, alert.fingerprint(), alert.receiver() == null ? "alert intake" : alert.receiver())),
                    summary == null || summary.isBlank() ? "alert %s firing since %s".formatted(name, alert.startsAt())
                            : Texts.clipped(summary),
                    alert.startsAt(), Texts.optional(command.firstAction(), "first action"));
            apply(new AlertFired(incidentId, alert));
            return AlertReceipt.OPENED;
        }
        if (!state.isOpen()) {
            return AlertReceipt.INCIDENT_CLOSED;
        }
        apply(new AlertFired(incidentId, alert));
        restateFactsRaisedBy(alert, command.labelledFacts());
        return AlertReceipt.ATTACHED;
    }

    /** The facts an attaching alert's labels state true, where the incident does not hold them true already. */
    private void restateFactsRaisedBy(ReceivedAlert alert, java.util.Map<ImpactFact, ImpactFact.Value> labelled) {
        java.util.Map<ImpactFact, ImpactFact.Value> facts = new java.util.EnumMap<>(ImpactFact.class);
        facts.putAll(state.impact().stated());
        boolean raised = false;
        for (var stated : labelled.entrySet()) {
            if (stated.getValue() == ImpactFact.Value.YES && facts.get(stated.getKey()) != ImpactFact.Value.YES) {
                facts.put(stated.getKey(), ImpactFact.Value.YES);
                raised = true;
            }
        }
        if (raised) {
            reassess(ImpactAssessment.of(facts), "alert %s (fingerprint %s)".formatted(
                    alert.alertname() == null ? "(unnamed alert)" : alert.alertname(), alert.fingerprint()));
        }
    }

    /** A resolution is recorded even on a closed incident: it is the alerting system's fact, and it changes no obligation. */
    @CommandHandler
    AlertReceipt handle(RecordResolvedAlert command) {
        return resolve(command);
    }

    /** The resolutions of one delivery whose firings came here, each as {@link RecordResolvedAlert}, in one command. */
    // a delivery's alerts in one command (LongHandlerTimeout)
    @MessageHandlerTimeout(timeoutMs = LongHandlerTimeout.TIMEOUT_MS, warningThresholdMs = LongHandlerTimeout.WARNING_THRESHOLD_MS,
            warningIntervalMs = LongHandlerTimeout.WARNING_INTERVAL_MS)
    @CommandHandler
    List<AlertReceipt> handle(RecordResolvedAlerts command) {
        List<AlertReceipt> receipts = new ArrayList<>(command.resolutions().size());
        for (RecordResolvedAlert resolution : command.resolutions()) {
            receipts.add(resolve(resolution));
        }
        return receipts;
    }

    private AlertReceipt resolve(RecordResolvedAlert command) {
        ReceivedAlert alert = Objects.requireNonNull(command.alert(), "alert");
        Instant endsAt = Objects.requireNonNull(command.endsAt(), "endsAt");
        java.util.Optional<IncidentState.AlertEntry> firing = state.alert(alert.firingKey());
        if (firing.isEmpty()) {
            // never attached with empty labels: the intake keeps it on the delivery as RESOLUTION_UNMATCHED
            return AlertReceipt.RESOLUTION_UNMATCHED;
        }
        if (firing.get().resolved()) {
            return AlertReceipt.ALREADY_RECORDED;
        }
        apply(new AlertResolved(incidentId, alert.alertname(), alert.fingerprint(), alert.firingStartsAt(), endsAt));
        return AlertReceipt.RESOLUTION_RECORDED;
    }

    private void declare(IncidentId id, IncidentClass incidentClass, Scope scope, ImpactAssessment stated,
                         Severity requested, TriggerSource trigger, String observedFailureMode, Instant detectedAt,
                         String firstAction) {
        Objects.requireNonNull(incidentClass, "incidentClass");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(trigger, "trigger");
        ImpactAssessment impact = stated == null ? ImpactAssessment.nothingKnown() : stated;
        Severity derived = impact.derivedSeverity();
        if (requested != null && derived.isAbove(requested)) {
            throw new LedgerRuleViolation(RuleCode.SEVERITY_BELOW_DERIVED,
                    "the stated facts demand %s (%s); declare at that level and let the incident owner downgrade with a reason"
                            .formatted(derived, String.join("; ", impact.reasons())));
        }
        TriggerSource checkedTrigger = new TriggerSource(trigger.kind(), Texts.required(trigger.detail(), "trigger detail"));
        Severity severity = requested == null ? derived : requested;
        apply(new IncidentDeclared(id, incidentClass, scope, impact, derived, severity, checkedTrigger,
                Texts.required(observedFailureMode, "observed failure mode"), detectedAt));
        List<ChecklistItem> checklist = new ArrayList<>(incidentClass.steps());
        if (firstAction != null) {
            checklist.add(ChecklistItem.alertFirstAction(firstAction));
        }
        checklist.add(incidentClass.closureConditionItem());
        checklist.addAll(SeverityResponses.of(severity));
        apply(new ChecklistItemsAdded(id, checklist));
    }

    @CommandHandler
    IncidentState handle(ReassessImpact command) {
        requireOpen();
        ImpactAssessment impact = command.impact() == null ? ImpactAssessment.nothingKnown() : command.impact();
        if (impact.equals(state.impact())) {
            return answer();
        }
        reassess(impact, null);
        return answer();
    }

    /** Records the restated facts ({@code statedBy}: the alert that stated them, null for an operator) and the severity they bring. */
    private void reassess(ImpactAssessment impact, String statedBy) {
        apply(new ImpactReassessed(incidentId, impact, impact.derivedSeverity(), statedBy));
        Severity effective = effectiveSeverity();
        if (effective != state.severity()) {
            String reason = effective == impact.derivedSeverity()
                    ? String.join("; ", impact.reasons())
                    : "the restated facts demand %s; held at %s".formatted(impact.derivedSeverity(), effective);
            changeSeverity(effective, SeverityBasis.DERIVED, statedBy == null ? reason : "stated by " + statedBy + ": " + reason);
        }
    }

    @CommandHandler
    IncidentState handle(StateImpactFact command) {
        ImpactFact fact = Objects.requireNonNull(command.fact(), "fact");
        ImpactFact.Value value = Objects.requireNonNull(command.value(), "value");
        handle(new RestateImpactFacts(incidentId, java.util.Map.of(fact, value)));
        return answer();
    }

    /** Restating merges: facts not named keep what was stated, so restating one never makes the others unknown. */
    @CommandHandler
    IncidentState handle(RestateImpactFacts command) {
        requireOpen();
        java.util.Map<ImpactFact, ImpactFact.Value> facts = new java.util.EnumMap<>(ImpactFact.class);
        facts.putAll(state.impact().stated());
        if (command.restated() != null) {
            command.restated().forEach((fact, value) -> {
                if (fact != null && value != null) {
                    facts.put(fact, value); // UNKNOWN is dropped by ImpactAssessment.of: the fact is un-stated
                }
            });
        }
        handle(new ReassessImpact(incidentId, ImpactAssessment.of(facts)));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordRebindOutcome command) {
        requireOpen();
        String rebindId = Texts.required(command.rebindId(), "rebind id");
        RebindOutcome outcome = Objects.requireNonNull(command.outcome(), "outcome");
        String detail = Texts.required(command.detail(), "detail");
        boolean alreadyRecorded = state.rebinds().stream()
                .anyMatch(rebind -> rebind.rebindId().equals(rebindId) && rebind.outcome() == outcome
                        && rebind.detail().equals(detail));
        if (!alreadyRecorded) {
            apply(new RebindOutcomeRecorded(incidentId, rebindId, outcome, detail));
        }
        return answer();
    }

    @CommandHandler
    void handle(LinkKillSwitch command) {
        requireOpen();
        String killSwitchId = Texts.required(command.killSwitchId(), "kill switch id");
        if (state.killSwitch(killSwitchId).isEmpty()) {
            apply(new KillSwitchLinked(incidentId, killSwitchId, Objects.requireNonNull(command.kind(), "kind")));
        }
    }

    @CommandHandler
    void handle(RecordLinkedKillSwitchReleased command) {
        requireOpen();
        String killSwitchId = Texts.required(command.killSwitchId(), "kill switch id");
        if (state.killSwitch(killSwitchId).filter(linked -> !linked.released()).isPresent()) {
            apply(new LinkedKillSwitchReleased(incidentId, killSwitchId));
        }
    }

    @CommandHandler
    IncidentState handle(EscalateSeverity command) {
        requireOpen();
        Severity to = Objects.requireNonNull(command.severity(), "severity");
        if (to == state.severity()) {
            return answer();
        }
        if (!to.isAbove(state.severity())) {
            throw new LedgerRuleViolation(RuleCode.ESCALATION_NOT_ABOVE_CURRENT,
                    "%s is not above the current %s; a lower severity is a downgrade, which the incident owner records with a reason"
                            .formatted(to, state.severity()));
        }
        changeSeverity(to, SeverityBasis.ESCALATED, Texts.required(command.reason(), "escalation reason"));
        return answer();
    }

    @CommandHandler
    IncidentState handle(DowngradeSeverity command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        requireOpen();
        actAsOwner(actor, "downgrade it");
        Severity to = Objects.requireNonNull(command.severity(), "severity");
        if (to == state.severity()) {
            return answer();
        }
        if (to.isAbove(state.severity())) {
            throw new LedgerRuleViolation(RuleCode.DOWNGRADE_NOT_BELOW_CURRENT,
                    "%s is above the current %s; raising severity is an escalation".formatted(to, state.severity()));
        }
        changeSeverity(to, SeverityBasis.DOWNGRADED, Texts.required(command.reason(), "downgrade reason"));
        return answer();
    }

    @CommandHandler
    IncidentState handle(CompleteChecklistItem command) {
        requireOpen();
        IncidentState.ChecklistEntry entry = checklistEntry(command.itemId());
        if (entry.status() == IncidentState.ItemStatus.COMPLETED) {
            return answer();
        }
        apply(new ChecklistItemCompleted(incidentId, entry.item().itemId(),
                Texts.required(command.evidence(), "evidence for " + entry.item().itemId()),
                Objects.requireNonNull(command.performedAt(), "performedAt")));
        return answer();
    }

    /** A severity response (SEV1_CONTAIN_IMMEDIATELY, ...) is required: only the incident's owner may waive one. */
    @CommandHandler
    IncidentState handle(WaiveChecklistItem command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        requireOpen();
        IncidentState.ChecklistEntry entry = checklistEntry(command.itemId());
        if (entry.item().origin() == ChecklistItem.Origin.CLOSURE_CONDITION) {
            throw new LedgerRuleViolation(RuleCode.CLOSURE_CONDITION_NOT_WAIVABLE,
                    "the closure condition of %s cannot be waived: %s".formatted(state.incidentClass(),
                            state.incidentClass().closureCondition()));
        }
        if (entry.status() == IncidentState.ItemStatus.WAIVED) {
            return answer();
        }
        if (entry.status() == IncidentState.ItemStatus.COMPLETED) {
            throw new LedgerRuleViolation(RuleCode.CHECKLIST_ITEM_ALREADY_COMPLETED,
                    "%s was already completed with evidence; a completed step cannot be waived".formatted(entry.item().itemId()));
        }
        if (entry.item().origin() == ChecklistItem.Origin.SEVERITY_RESPONSE) {
            requireOwner(actor, "waive the required response " + entry.item().itemId());
        }
        apply(new ChecklistItemWaived(incidentId, entry.item().itemId(),
                Texts.required(command.reason(), "reason for waiving " + entry.item().itemId())));
        return answer();
    }

    @CommandHandler
    IncidentState handle(ClaimRole command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        requireOpen();
        IncidentRole role = Objects.requireNonNull(command.role(), "role");
        String holder = Texts.required(actor, "authenticated actor");
        IncidentState.RoleHolder current = state.roles().get(role);
        if (current != null && current.holder().equals(holder)) {
            return answer();
        }
        String handoverReason = null;
        if (role == IncidentRole.INCIDENT_OWNER && current != null) {
            handoverReason = Texts.optional(command.handoverReason(), "handover reason");
            if (handoverReason == null) {
                throw new LedgerRuleViolation(RuleCode.HANDOVER_REASON_REQUIRED,
                        "%s holds INCIDENT_OWNER on %s; taking it over is a handover: say why in handoverReason"
                                .formatted(current.holder(), incidentId));
            }
        }
        apply(new RoleClaimed(incidentId, role, holder, handoverReason));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordObservedFailureMode command) {
        requireOpen();
        String observation = Texts.required(command.observation(), "observation");
        if (state.observedFailureModes().stream().anyMatch(note -> note.text().equals(observation))) {
            return answer(); // already on record: a retried request must not double the evidence
        }
        apply(new FailureModeObserved(incidentId, observation));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordContainmentAction command) {
        requireOpen();
        String action = Texts.required(command.action(), "containment action");
        Instant performedAt = Objects.requireNonNull(command.performedAt(), "performedAt");
        if (state.hasContainmentAction(action, performedAt)) {
            return answer();
        }
        apply(new ContainmentActionRecorded(incidentId, action, performedAt));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordIntervention command) {
        requireOpen();
        InterventionKind kind = Objects.requireNonNull(command.kind(), "kind");
        String reference = Texts.optional(command.reference(), "reference");
        if (kind == InterventionKind.NONE_USED && reference != null) {
            throw new LedgerRuleViolation(RuleCode.INTERVENTION_REFERENCE_NOT_ALLOWED,
                    "a statement that no rollback or kill switch was used cannot reference one");
        }
        if (kind != InterventionKind.NONE_USED && reference == null) {
            throw new LedgerRuleViolation(RuleCode.INTERVENTION_REFERENCE_REQUIRED,
                    "a %s must name what was used (a rebind or kill-switch id, or the tool's reference)".formatted(kind));
        }
        String outcome = Texts.required(command.outcome(),
                kind == InterventionKind.NONE_USED ? "statement of why none was used" : "outcome");
        if (state.interventions().stream().anyMatch(recorded -> recorded.kind() == kind
                && Objects.equals(recorded.reference(), reference) && recorded.outcome().equals(outcome))) {
            return answer();
        }
        apply(new InterventionRecorded(incidentId, kind, reference, outcome));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordVerification command) {
        requireOpen();
        VerificationOutcome outcome = Objects.requireNonNull(command.outcome(), "outcome");
        String details = Texts.required(command.details(), "verification details");
        Instant verifiedAt = Objects.requireNonNull(command.verifiedAt(), "verifiedAt");
        if (state.verifications().stream().anyMatch(recorded -> recorded.outcome() == outcome
                && recorded.details().equals(details) && verifiedAt.equals(recorded.verifiedAt()))) {
            return answer();
        }
        apply(new VerificationRecorded(incidentId, outcome, details, verifiedAt));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordFollowUp command) {
        requireOpen();
        String requirement = Texts.required(command.requirement(), "follow-up requirement");
        if (state.followUps().stream().anyMatch(recorded -> recorded.requirement().equals(requirement)
                && Objects.equals(recorded.dueBy(), command.dueBy()))) {
            return answer();
        }
        apply(new FollowUpRecorded(incidentId, requirement, command.dueBy()));
        return answer();
    }

    @CommandHandler
    IncidentState handle(RecordDecision command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        requireOpen();
        actAsOwner(actor, "record its decisions");
        String decision = Texts.required(command.decision(), "decision");
        String rationale = Texts.required(command.rationale(), "rationale");
        if (state.decisions().stream().anyMatch(recorded -> recorded.decision().equals(decision)
                && recorded.rationale().equals(rationale))) {
            return answer();
        }
        apply(new DecisionRecorded(incidentId, decision, rationale));
        return answer();
    }

    @CommandHandler
    IncidentState handle(FlagRecurrence command) {
        if (!state.isOpen()) {
            return answer(); // a recurrence found after closure changes nothing the incident still owes
        }
        Set<IncidentId> fresh = new LinkedHashSet<>(command.priorIncidentIds());
        fresh.remove(incidentId);
        fresh.removeAll(state.recurrenceOf());
        if (fresh.isEmpty()) {
            return answer();
        }
        apply(new RecurrenceFlagged(incidentId, List.copyOf(fresh), command.windowDays()));
        if (state.checklistEntry(SeverityResponses.recurrenceReview().itemId()).isEmpty()) {
            apply(new ChecklistItemsAdded(incidentId, List.of(SeverityResponses.recurrenceReview())));
        }
        return answer();
    }

    @CommandHandler
    IncidentState handle(CloseIncident command, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (!state.isOpen()) {
            return answer();
        }
        List<String> gaps = state.closureGaps();
        if (!gaps.isEmpty()) {
            throw new LedgerRuleViolation(RuleCode.INCIDENT_NOT_CLOSABLE,
                    "incident %s cannot close yet: %d item(s) missing".formatted(incidentId, gaps.size()), gaps);
        }
        String record = Texts.required(command.postIncidentRecord(), "post-incident record");
        actAsOwner(actor, "close it");
        apply(new IncidentClosed(incidentId, record));
        return answer();
    }

    @EventSourcingHandler
    void on(IncidentEvent event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant recordedAt,
            @SequenceNumber Long sequenceNumber) {
        Provenance provenance = new Provenance(actor, recordedAt);
        long sequence = sequenceNumber == null ? 0 : sequenceNumber;
        if (event instanceof IncidentDeclared declared) {
            incidentId = declared.incidentId();
            state = IncidentState.declaredBy(declared, provenance, sequence);
        } else {
            state.apply(event, provenance, sequence);
        }
    }

    /**
     * What a command answers with: the incident as this command left it, a copy the next command does
     * not change. The views fold the same {@link IncidentState}, so the answer is what they will show,
     * and an HTTP answer need not wait for them.
     */
    private IncidentState answer() {
        return state.snapshot();
    }

    private void changeSeverity(Severity to, SeverityBasis basis, String reason) {
        Severity from = state.severity();
        apply(new SeverityChanged(incidentId, from, to, basis, reason));
        List<ChecklistItem> owed = SeverityResponses.of(to).stream()
                .filter(item -> state.checklistEntry(item.itemId()).isEmpty())
                .toList();
        if (!owed.isEmpty()) {
            apply(new ChecklistItemsAdded(incidentId, owed));
        }
    }

    /** The severity the incident stands at: its facts, raised by any escalation, unless a reasoned downgrade still holds. */
    private Severity effectiveSeverity() {
        Severity derived = state.derivedSeverity();
        IncidentState.Downgrade downgrade = state.downgrade();
        if (downgrade != null && !derived.isAbove(downgrade.derivedWhenDowngraded())) {
            // a downgrade is a ceiling, not a pin: facts that clear up further still bring it down
            return derived.isAbove(downgrade.to()) ? downgrade.to() : derived;
        }
        Severity floor = state.escalationFloor();
        return floor != null ? Severity.highest(derived, floor) : derived;
    }

    private IncidentState.ChecklistEntry checklistEntry(String itemId) {
        return state.checklistEntry(itemId).orElseThrow(() -> new LedgerRuleViolation(RuleCode.CHECKLIST_ITEM_NOT_FOUND,
                "incident %s has no checklist item '%s'".formatted(incidentId, itemId)));
    }

    /**
     * Downgrades, decisions and closure are the owner's. Before anyone holds INCIDENT_OWNER the
     * first owner to act takes it (recorded, as if claimed); after that only its holder acts, and
     * anyone else takes it over only by a handover with a reason.
     */
    private void actAsOwner(String actor, String what) {
        String holder = Texts.required(actor, "authenticated actor");
        if (!state.roles().containsKey(IncidentRole.INCIDENT_OWNER)) {
            apply(new RoleClaimed(incidentId, IncidentRole.INCIDENT_OWNER, holder));
            return;
        }
        requireOwner(holder, what);
    }

    /** The person holding INCIDENT_OWNER on this incident, and nobody else, may do what {@code what} says. */
    private void requireOwner(String actor, String what) {
        IncidentState.RoleHolder owner = state.roles().get(IncidentRole.INCIDENT_OWNER);
        if (owner == null) {
            throw new LedgerRuleViolation(RuleCode.NOT_INCIDENT_OWNER,
                    "nobody holds INCIDENT_OWNER on %s yet; take the role before you %s".formatted(incidentId, what));
        }
        if (!owner.holder().equals(actor)) {
            throw new LedgerRuleViolation(RuleCode.NOT_INCIDENT_OWNER,
                    "only %s, who holds INCIDENT_OWNER on %s, may %s".formatted(owner.holder(), incidentId, what));
        }
    }

    private void requireOpen() {
        if (!state.isOpen()) {
            throw new LedgerRuleViolation(RuleCode.INCIDENT_CLOSED, "incident %s is closed".formatted(incidentId));
        }
    }
}
