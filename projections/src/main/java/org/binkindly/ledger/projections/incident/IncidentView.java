package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.AlertCorrections;
import org.binkindly.ledger.core.incident.ChecklistItem;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.RebindOutcome;
import org.binkindly.ledger.core.incident.SeverityBasis;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An incident as an operator or reviewer reads it: the HTTP contract, with its own records so that
 * the write side's fold can change shape without changing the API. {@code version} is the sequence
 * number of its last event.
 */
public record IncidentView(
        IncidentId incidentId,
        IncidentClass incidentClass,
        Scope scope,
        IncidentState.Status status,
        Severity severity,
        Severity derivedSeverity,
        List<String> severityReasons,
        Severity escalationFloor,
        Downgrade downgrade,
        String expectedEffect,
        String closureCondition,
        Instant detectedAt,
        Provenance declared,
        TriggerSource trigger,
        List<Note> observedFailureModes,
        ImpactAssessment impact,
        List<SeverityChange> severityHistory,
        List<ChecklistEntry> checklist,
        Map<IncidentRole, RoleHolder> roles,
        List<Note> containmentActions,
        List<Intervention> interventions,
        List<Verification> verifications,
        List<FollowUp> followUps,
        List<Decision> decisions,
        List<IncidentId> recurrenceOf,
        List<LinkedRebind> rebinds,
        List<AlertEntry> alerts,
        List<LinkedKillSwitch> killSwitches,
        Closure closure,
        boolean closable,
        List<String> missingForClosure,
        long version) {

    public record ChecklistEntry(ChecklistItem item, IncidentState.ItemStatus status, String evidence, Instant performedAt,
                                 Provenance provenance) {
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

    public record Downgrade(Severity to, Severity derivedWhenDowngraded) {
    }

    public record Closure(String postIncidentRecord, Provenance provenance) {
    }

    public record LinkedRebind(String rebindId, RebindOutcome outcome, String detail, Provenance provenance) {
    }

    public record AlertEntry(String alertname, String fingerprint, Instant startsAt, Instant endsAt, Map<String, String> labels,
                             Map<String, String> annotations, String generatorUrl, String receiver, Provenance received,
                             AlertCorrections corrections) {
    }

    /** A kill switch activated for the incident, and whether it was released since. */
    public record LinkedKillSwitch(String killSwitchId, KillSwitchKind kind, boolean released) {
    }

    public static IncidentView of(IncidentState state) {
        List<String> gaps = state.closureGaps();
        IncidentState.Downgrade downgrade = state.downgrade();
        IncidentState.Closure closure = state.closure();
        Map<IncidentRole, RoleHolder> roles = new EnumMap<>(IncidentRole.class);
        state.roles().forEach((role, holder) -> roles.put(role, new RoleHolder(holder.holder(), holder.claimedAt())));
        return new IncidentView(state.incidentId(), state.incidentClass(), state.scope(), state.status(),
                state.severity(), state.derivedSeverity(), state.impact().reasons(), state.escalationFloor(),
                downgrade == null ? null : new Downgrade(downgrade.to(), downgrade.derivedWhenDowngraded()),
                state.incidentClass().expectedEffect(), state.incidentClass().closureCondition(),
                state.detectedAt(), state.declared(), state.trigger(), map(state.observedFailureModes(), IncidentView::note),
                state.impact(),
                map(state.severityHistory(), change -> new SeverityChange(change.from(), change.to(), change.basis(),
                        change.reason(), change.provenance())),
                map(state.checklist(), entry -> new ChecklistEntry(entry.item(), entry.status(), entry.evidence(),
                        entry.performedAt(), entry.provenance())),
                Collections.unmodifiableMap(roles),
                map(state.containmentActions(), IncidentView::note),
                map(state.interventions(), intervention -> new Intervention(intervention.kind(), intervention.reference(),
                        intervention.outcome(), intervention.provenance())),
                map(state.verifications(), verification -> new Verification(verification.outcome(), verification.details(),
                        verification.verifiedAt(), verification.provenance())),
                map(state.followUps(), followUp -> new FollowUp(followUp.requirement(), followUp.dueBy(),
                        followUp.provenance())),
                map(state.decisions(), decision -> new Decision(decision.decision(), decision.rationale(),
                        decision.provenance())),
                List.copyOf(state.recurrenceOf()),
                map(state.rebinds(), rebind -> new LinkedRebind(rebind.rebindId(), rebind.outcome(), rebind.detail(),
                        rebind.provenance())),
                map(state.alerts(), alert -> new AlertEntry(alert.alertname(), alert.fingerprint(), alert.startsAt(),
                        alert.endsAt(), alert.labels(), alert.annotations(), alert.generatorUrl(), alert.receiver(),
                        alert.received(), alert.corrections())),
                map(state.killSwitches(), linked -> new LinkedKillSwitch(linked.killSwitchId(), linked.kind(), linked.released())),
                closure == null ? null : new Closure(closure.postIncidentRecord(), closure.provenance()),
                state.isOpen() && gaps.isEmpty(), state.isOpen() ? gaps : List.of(), state.version());
    }

    private static Note note(IncidentState.Note note) {
        return new Note(note.text(), note.performedAt(), note.provenance());
    }

    private static <S, V> List<V> map(List<S> entries, Function<S, V> toView) {
        return entries.stream().map(toView).toList();
    }
}
