package org.binkindly.ledger.core.incident;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An incident as its events describe it: the one fold shared by the aggregate (to check rules),
 * the projections (to show it) and time travel (to show it as it stood). Assigning state from
 * events is all it does; the rules live in the aggregate's command handlers.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class IncidentState {

    /** The receiver the ledger's own stale-pack watch raises its alerts under ({@code StalePackAlerts.RECEIVER}). */
    public static final String STALE_PACK_WATCH = "ledger:stale-pack-watch";

    public enum Status { OPEN, CLOSED }

    public enum ItemStatus { OPEN, COMPLETED, WAIVED }

    /** Who recorded a fact, and when the ledger recorded it. */

    public record ChecklistEntry(ChecklistItem item, ItemStatus status, String evidence, Instant performedAt,
                                 Provenance provenance) {
        ChecklistEntry resolved(ItemStatus newStatus, String newEvidence, Instant at, Provenance by) {
            return new ChecklistEntry(item, newStatus, newEvidence, at, by);
        }
    }

    public record RoleHolder(String holder, Instant claimedAt) {
    }

    public record Note(String text, Instant performedAt, Provenance provenance) {
    }

    public record Intervention(InterventionKind kind, String reference, String outcome, Provenance provenance) {
    }

    public record Verification(VerificationOutcome outcome, String details, Instant verifiedAt, Provenance provenance) {
    }

    public record FollowUp(String requirement, Instant dueBy, Provenance provenance) {
    }

    public record Decision(String decision, String rationale, Provenance provenance) {
    }

    public record SeverityChange(Severity from, Severity to, SeverityBasis basis, String reason, Provenance provenance) {
    }

    /** A reasoned downgrade holds while the facts demand no more than they did when it was made. */
    public record Downgrade(Severity to, Severity derivedWhenDowngraded) {
    }

    public record Closure(String postIncidentRecord, Provenance provenance) {
    }

    public record LinkedRebind(String rebindId, RebindOutcome outcome, String detail, Provenance provenance) {
    }

    /** A kill switch activated for the incident, and whether its own log says it was released since. */
    public record LinkedKillSwitch(String killSwitchId, KillSwitchKind kind, boolean released) {
    }

    /**
     * A firing the alerting system reported for the incident; {@code endsAt} is set once it is reported
     * resolved; {@code corrections}, if any, what the intake changed to store it.
     */
    public record AlertEntry(String alertname, String fingerprint, Instant startsAt, Instant endsAt,
                             java.util.Map<String, String> labels, java.util.Map<String, String> annotations,
                             String generatorUrl, String receiver, Provenance received, AlertCorrections corrections) {

        public boolean resolved() {
            return endsAt != null;
        }

        /** Fingerprint and the start the sender reported, as {@link ReceivedAlert#firingKey()}. */
        public String firingKey() {
            Instant reported = corrections != null && corrections.reportedStartsAt() != null
                    ? corrections.reportedStartsAt() : startsAt;
            return fingerprint + "@" + reported;
        }
    }

    private IncidentId incidentId;
    private IncidentClass incidentClass;
    private Scope scope;
    private Status status;
    private Instant detectedAt;
    private Provenance declared;
    private TriggerSource trigger;
    private List<Note> observedFailureModes = new SharedPrefixList<>();
    private ImpactAssessment impact;
    private Severity derivedSeverity;
    private Severity severity;
    private Severity escalationFloor;
    private Downgrade downgrade;
    private List<SeverityChange> severityHistory = new SharedPrefixList<>();
    private List<ChecklistEntry> checklist = new SharedPrefixList<>();
    // An EnumMap so roles read back from a jsonb view come out in the runbook's order, not jsonb's.
    private EnumMap<IncidentRole, RoleHolder> roles = new EnumMap<>(IncidentRole.class);
    private List<Note> containmentActions = new SharedPrefixList<>();
    private List<Intervention> interventions = new SharedPrefixList<>();
    private List<Verification> verifications = new SharedPrefixList<>();
    private List<FollowUp> followUps = new SharedPrefixList<>();
    private List<Decision> decisions = new SharedPrefixList<>();
    private List<IncidentId> recurrenceOf = new SharedPrefixList<>();
    private List<LinkedRebind> rebinds = new SharedPrefixList<>();
    private List<AlertEntry> alerts = new SharedPrefixList<>();
    /**
     * Where each firing is in {@link #alerts}, by firing key: finding a firing must not scan an incident
     * of 10,000 alerts once per alert. Derived, never stored; built on first use after a read.
     */
    @JsonIgnore
    private transient Map<String, List<Integer>> alertPositions;
    /**
     * Each containment action's text and time, so a repeated command finds the action it repeats without
     * comparing it with every action of an incident of 10,000. Derived, never stored; built on first use.
     */
    @JsonIgnore
    private transient java.util.Set<String> containmentActionKeys;
    private List<LinkedKillSwitch> killSwitches = new SharedPrefixList<>();
    private Closure closure;
    private long version = -1;

    @JsonCreator
    private IncidentState() {
    }

    /** The state after the first event; every incident history starts with its declaration. */
    public static IncidentState declaredBy(IncidentDeclared event, Provenance provenance, long sequenceNumber) {
        IncidentState state = new IncidentState();
        state.apply(event, provenance, sequenceNumber);
        return state;
    }

    /**
     * A copy that later events do not change: what a command answers with while the aggregate goes on.
     * Entries are immutable records, so copying the lists (not their entries) is enough, and each list is
     * shared with the copy until one of them replaces an entry ({@link SharedPrefixList}): copying them was
     * a command's largest allocation on an incident of thousands of entries.
     */
    public IncidentState snapshot() {
        // lists read back by Jackson are ArrayLists: each becomes a SharedPrefixList once
        eachList(this, SharedPrefixList::of);
        IncidentState copy = new IncidentState();
        copy.incidentId = incidentId;
        copy.incidentClass = incidentClass;
        copy.scope = scope;
        copy.status = status;
        copy.detectedAt = detectedAt;
        copy.declared = declared;
        copy.trigger = trigger;
        copy.impact = impact;
        copy.derivedSeverity = derivedSeverity;
        copy.severity = severity;
        copy.escalationFloor = escalationFloor;
        copy.downgrade = downgrade;
        copy.roles = new EnumMap<>(roles);
        eachList(copy, IncidentState::share);
        copy.closure = closure;
        copy.version = version;
        return copy;
    }

    /** What {@link #eachList} does to one list; generic, so a method reference serves every element type. */
    private interface ListMapping {
        <E> List<E> apply(List<E> list);
    }

    /** The one place naming every list of the state: sets each of {@code target}'s to {@code mapping} of this state's. */
    private void eachList(IncidentState target, ListMapping mapping) {
        target.observedFailureModes = mapping.apply(observedFailureModes);
        target.severityHistory = mapping.apply(severityHistory);
        target.checklist = mapping.apply(checklist);
        target.containmentActions = mapping.apply(containmentActions);
        target.interventions = mapping.apply(interventions);
        target.verifications = mapping.apply(verifications);
        target.followUps = mapping.apply(followUps);
        target.decisions = mapping.apply(decisions);
        target.recurrenceOf = mapping.apply(recurrenceOf);
        target.rebinds = mapping.apply(rebinds);
        target.alerts = mapping.apply(alerts);
        target.killSwitches = mapping.apply(killSwitches);
    }

    private static <E> List<E> share(List<E> list) {
        return ((SharedPrefixList<E>) list).share();
    }

    /** Folds one more event in; {@code sequenceNumber} is the event's position in this incident's history. */
    public IncidentState apply(IncidentEvent event, Provenance provenance, long sequenceNumber) {
        if (event instanceof IncidentDeclared e) {
            incidentId = e.incidentId();
            incidentClass = e.incidentClass();
            scope = e.scope();
            status = Status.OPEN;
            detectedAt = e.detectedAt();
            declared = provenance;
            trigger = e.trigger();
            observedFailureModes.add(new Note(e.observedFailureMode(), e.detectedAt(), provenance));
            impact = e.impact();
            derivedSeverity = e.derivedSeverity();
            severity = e.severity();
            escalationFloor = e.severity().isAbove(e.derivedSeverity()) ? e.severity() : null;
        } else if (event instanceof ChecklistItemsAdded e) {
            e.items().forEach(item -> checklist.add(new ChecklistEntry(item, ItemStatus.OPEN, null, null, null)));
        } else if (event instanceof ImpactReassessed e) {
            impact = e.impact();
            derivedSeverity = e.derivedSeverity();
        } else if (event instanceof SeverityChanged e) {
            severity = e.to();
            severityHistory.add(new SeverityChange(e.from(), e.to(), e.basis(), e.reason(), provenance));
            switch (e.basis()) {
                case ESCALATED -> {
                    escalationFloor = e.to();
                    downgrade = null;
                }
                case DOWNGRADED -> {
                    downgrade = new Downgrade(e.to(), derivedSeverity);
                    escalationFloor = null;
                }
                case DERIVED -> {
                    if (downgrade != null && derivedSeverity.isAbove(downgrade.derivedWhenDowngraded())) {
                        downgrade = null;
                    }
                }
            }
        } else if (event instanceof ChecklistItemCompleted e) {
            replaceItem(e.itemId(), entry -> entry.resolved(ItemStatus.COMPLETED, e.evidence(), e.performedAt(), provenance));
        } else if (event instanceof ChecklistItemWaived e) {
            replaceItem(e.itemId(), entry -> entry.resolved(ItemStatus.WAIVED, e.reason(), null, provenance));
        } else if (event instanceof RoleClaimed e) {
            roles.put(e.role(), new RoleHolder(e.holder(), provenance.recordedAt()));
        } else if (event instanceof FailureModeObserved e) {
            observedFailureModes.add(new Note(e.observation(), provenance.recordedAt(), provenance));
        } else if (event instanceof ContainmentActionRecorded e) {
            containmentActions.add(new Note(e.action(), e.performedAt(), provenance));
            if (containmentActionKeys != null) {
                containmentActionKeys.add(containmentActionKey(e.action(), e.performedAt()));
            }
        } else if (event instanceof InterventionRecorded e) {
            interventions.add(new Intervention(e.kind(), e.reference(), e.outcome(), provenance));
        } else if (event instanceof VerificationRecorded e) {
            verifications.add(new Verification(e.outcome(), e.details(), e.verifiedAt(), provenance));
        } else if (event instanceof FollowUpRecorded e) {
            followUps.add(new FollowUp(e.requirement(), e.dueBy(), provenance));
        } else if (event instanceof DecisionRecorded e) {
            decisions.add(new Decision(e.decision(), e.rationale(), provenance));
        } else if (event instanceof RecurrenceFlagged e) {
            e.priorIncidentIds().stream().filter(id -> !recurrenceOf.contains(id)).forEach(recurrenceOf::add);
        } else if (event instanceof RebindOutcomeRecorded e) {
            rebinds.add(new LinkedRebind(e.rebindId(), e.outcome(), e.detail(), provenance));
        } else if (event instanceof KillSwitchLinked e) {
            killSwitches.add(new LinkedKillSwitch(e.killSwitchId(), e.kind(), false));
        } else if (event instanceof LinkedKillSwitchReleased e) {
            killSwitches.replaceAll(linked -> linked.killSwitchId().equals(e.killSwitchId())
                    ? new LinkedKillSwitch(linked.killSwitchId(), linked.kind(), true) : linked);
        } else if (event instanceof AlertFired e) {
            ReceivedAlert alert = e.alert();
            AlertEntry entry = new AlertEntry(alert.alertname(), alert.fingerprint(), alert.startsAt(), null, alert.labels(),
                    alert.annotations(), alert.generatorUrl(), alert.receiver(), provenance, alert.corrections());
            alerts.add(entry);
            indexAlert(entry, alerts.size() - 1);
        } else if (event instanceof AlertResolved e) {
            List<Integer> positions = alertPositions().getOrDefault(e.fingerprint() + "@" + e.startsAt(), List.of());
            for (int i : positions) {
                AlertEntry entry = alerts.get(i);
                alerts.set(i, new AlertEntry(entry.alertname(), entry.fingerprint(), entry.startsAt(), e.endsAt(),
                        entry.labels(), entry.annotations(), entry.generatorUrl(), entry.receiver(), entry.received(),
                        entry.corrections()));
            }
            if (positions.isEmpty()) {
                // recorded before unmatched resolutions were kept off incidents: still shown as it was recorded
                AlertEntry entry = new AlertEntry(e.alertname(), e.fingerprint(), e.startsAt(), e.endsAt(), java.util.Map.of(),
                        java.util.Map.of(), null, null, provenance, null);
                alerts.add(entry);
                indexAlert(entry, alerts.size() - 1);
            }
        } else if (event instanceof IncidentClosed e) {
            status = Status.CLOSED;
            closure = new Closure(e.postIncidentRecord(), provenance);
        }
        version = sequenceNumber;
        return this;
    }

    private void replaceItem(String itemId, java.util.function.UnaryOperator<ChecklistEntry> change) {
        for (int i = 0; i < checklist.size(); i++) {
            if (checklist.get(i).item().itemId().equals(itemId)) {
                checklist.set(i, change.apply(checklist.get(i)));
                return;
            }
        }
    }

    /**
     * Everything that still stands between this incident and its closure, as stable keys:
     * {@code EVIDENCE/<field>}, {@code CHECKLIST/<itemId>} and {@code VERIFICATION/LATEST_FAILED}.
     */
    public List<String> closureGaps() {
        List<String> gaps = new ArrayList<>();
        for (EvidenceField field : EvidenceField.values()) {
            if (!field.isPresentIn(this)) {
                gaps.add("EVIDENCE/" + field.name());
            }
        }
        for (ChecklistEntry entry : checklist) {
            if (entry.status() == ItemStatus.OPEN) {
                gaps.add("CHECKLIST/" + entry.item().itemId());
            }
        }
        latestVerification()
                .filter(verification -> verification.outcome() == VerificationOutcome.FAILED)
                .ifPresent(failed -> gaps.add("VERIFICATION/LATEST_FAILED"));
        if (incidentClass == IncidentClass.BAD_PUBLISH && !rollbackAccountedFor()) {
            gaps.add("REBIND/VERIFIED");
        }
        if (incidentClass == IncidentClass.AI_LANE_INSTABILITY) {
            // "re-enabled only after clean scheduled evidence and rollback confidence": the kill switch's release is that
            killSwitches.stream().filter(linked -> linked.kind() == KillSwitchKind.AI_LANE && !linked.released())
                    .forEach(active -> gaps.add("KILL_SWITCH/RELEASED/" + active.killSwitchId()));
        }
        if (incidentClass == IncidentClass.STALE_PACK && alerts.stream().anyMatch(IncidentState::staleUnderTheWatch)) {
            // "fresh publish succeeds and active scope returns within threshold", as the ledger's own watch saw it
            gaps.add("STALE_PACK/FRESH_AGAIN");
        }
        return gaps;
    }

    /** A firing the ledger's stale-pack watch raised and has not yet seen end with a fresh publish. */
    private static boolean staleUnderTheWatch(AlertEntry alert) {
        return STALE_PACK_WATCH.equals(alert.receiver()) && !alert.resolved();
    }

    /**
     * A bad publish closes only after a verified rebind, or after a recorded objective breach whose
     * follow-up is on record: the runbook's "restored to safe state within objective".
     */
    private boolean rollbackAccountedFor() {
        boolean verified = rebinds.stream().anyMatch(rebind -> rebind.outcome() == RebindOutcome.VERIFIED);
        boolean breachFollowedUp = rebinds.stream().anyMatch(rebind -> rebind.outcome() == RebindOutcome.OBJECTIVE_BREACHED)
                && !followUps.isEmpty();
        return verified || breachFollowedUp;
    }

    public Optional<AlertEntry> alert(String firingKey) {
        List<Integer> positions = alertPositions().get(firingKey);
        return positions == null ? Optional.empty() : Optional.of(alerts.get(positions.get(0)));
    }

    private Map<String, List<Integer>> alertPositions() {
        if (alertPositions == null) {
            alertPositions = new java.util.HashMap<>();
            for (int i = 0; i < alerts.size(); i++) {
                alertPositions.computeIfAbsent(alerts.get(i).firingKey(), key -> new ArrayList<>(1)).add(i);
            }
        }
        return alertPositions;
    }

    private void indexAlert(AlertEntry entry, int position) {
        if (alertPositions != null) {
            alertPositions.computeIfAbsent(entry.firingKey(), key -> new ArrayList<>(1)).add(position);
        }
    }

    /** Whether this action, performed at this time, is already on record. */
    public boolean hasContainmentAction(String action, Instant performedAt) {
        if (containmentActionKeys == null) {
            containmentActionKeys = new java.util.HashSet<>();
            containmentActions.forEach(note -> containmentActionKeys.add(containmentActionKey(note.text(), note.performedAt())));
        }
        return containmentActionKeys.contains(containmentActionKey(action, performedAt));
    }

    private static String containmentActionKey(String action, Instant performedAt) {
        return performedAt + " " + action;
    }

    public Optional<Verification> latestVerification() {
        return verifications.isEmpty() ? Optional.empty() : Optional.of(verifications.get(verifications.size() - 1));
    }

    public Optional<ChecklistEntry> checklistEntry(String itemId) {
        return checklist.stream().filter(entry -> entry.item().itemId().equals(itemId)).findFirst();
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public IncidentId incidentId() { return incidentId; }
    public IncidentClass incidentClass() { return incidentClass; }
    public Scope scope() { return scope; }
    public Status status() { return status; }
    public Instant detectedAt() { return detectedAt; }
    public Provenance declared() { return declared; }
    public TriggerSource trigger() { return trigger; }
    public List<Note> observedFailureModes() { return Collections.unmodifiableList(observedFailureModes); }
    public ImpactAssessment impact() { return impact; }
    public Severity derivedSeverity() { return derivedSeverity; }
    public Severity severity() { return severity; }
    public Severity escalationFloor() { return escalationFloor; }
    public Downgrade downgrade() { return downgrade; }
    public List<SeverityChange> severityHistory() { return Collections.unmodifiableList(severityHistory); }
    public List<ChecklistEntry> checklist() { return Collections.unmodifiableList(checklist); }
    public Map<IncidentRole, RoleHolder> roles() { return Collections.unmodifiableMap(roles); }
    public List<Note> containmentActions() { return Collections.unmodifiableList(containmentActions); }
    public List<Intervention> interventions() { return Collections.unmodifiableList(interventions); }
    public List<Verification> verifications() { return Collections.unmodifiableList(verifications); }
    public List<FollowUp> followUps() { return Collections.unmodifiableList(followUps); }
    public List<Decision> decisions() { return Collections.unmodifiableList(decisions); }
    public List<IncidentId> recurrenceOf() { return Collections.unmodifiableList(recurrenceOf); }
    public List<LinkedRebind> rebinds() { return Collections.unmodifiableList(rebinds); }
    public List<LinkedKillSwitch> killSwitches() { return Collections.unmodifiableList(killSwitches); }

    public Optional<LinkedKillSwitch> killSwitch(String killSwitchId) {
        return killSwitches.stream().filter(linked -> linked.killSwitchId().equals(killSwitchId)).findFirst();
    }
    public List<AlertEntry> alerts() { return Collections.unmodifiableList(alerts); }
    public Closure closure() { return closure; }
    public long version() { return version; }
}
