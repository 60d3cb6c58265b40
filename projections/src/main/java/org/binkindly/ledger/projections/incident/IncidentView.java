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
 *
 * @param incidentId the incident's id, assigned by the ledger at declaration (the last segment of its Location)
 * @param incidentClass the runbook's incident class; it picks the checklist, the expected effect and the closure condition
 * @param scope where the incident is felt, written kind/id, e.g. locality/se-stockholm
 * @param status OPEN until closed, then CLOSED
 * @param severity the severity in force, SEV1 (highest) to SEV3: the derived one, or an escalation or downgrade of it
 * @param derivedSeverity the severity the stated impact facts demand
 * @param severityReasons which stated impact facts demand the derived severity, one sentence each
 * @param escalationFloor the severity a person escalated to, below which the facts alone do not bring it back; absent without an escalation
 * @param downgrade the downgrade in force, if any
 * @param expectedEffect the runbook's expected effect for this incident class
 * @param closureCondition the runbook's closure condition for this incident class
 * @param detectedAt when the failure was first detected (UTC instant, ISO 8601)
 * @param declared who recorded the declaration and when the ledger stored it
 * @param trigger what raised the incident: an alert or a person's report
 * @param observedFailureModes the failure modes observed, oldest first
 * @param impact the impact facts stated so far, each YES or NO; a fact not listed is not known
 * @param severityHistory every change of severity after the declaration, oldest first
 * @param checklist the incident class's checklist, in the runbook's order, with each item's status
 * @param roles who holds each incident role (ON_CALL_OPERATOR, INCIDENT_OWNER, RELEASE_OWNER); a role not listed is unclaimed
 * @param containmentActions the containment actions taken, oldest first
 * @param interventions the rollback or kill-switch actions recorded as evidence, oldest first
 * @param verifications the verification results recorded, oldest first
 * @param followUps the follow-up requirements recorded, oldest first
 * @param decisions the decision log, oldest first
 * @param recurrenceOf the earlier incidents the ledger flagged this one as a recurrence of, by incident id
 * @param rebinds the rebinds linked to the incident and how each ended
 * @param alerts the Alertmanager alerts attached to the incident, oldest first
 * @param killSwitches the kill switches activated for the incident
 * @param closure how the incident was closed; absent while open
 * @param closable true when the incident is open and nothing it needs for closure is missing
 * @param missingForClosure what the incident still needs before it can close, as codes: EVIDENCE/{field}, CHECKLIST/{itemId}, VERIFICATION/LATEST_FAILED and the like; empty once closed
 * @param version the sequence number of the incident's last event: send it as If-Match to act only on what was read
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

    /**
     * One checklist item and how it stands.
     *
     * @param item the checklist item
     * @param status OPEN, COMPLETED or WAIVED
     * @param evidence the evidence given on completion, or the reason for a waiver
     * @param performedAt when the step was done (UTC instant, ISO 8601); absent while open
     * @param provenance who recorded it and when the ledger stored it; absent while open
     */
    public record ChecklistEntry(ChecklistItem item, IncidentState.ItemStatus status, String evidence, Instant performedAt,
                                 Provenance provenance) {
    }

    /**
     * @param holder the actor holding the role: a token's name or a JWT subject
     * @param claimedAt when the role was taken (UTC instant, ISO 8601)
     */
    public record RoleHolder(String holder, Instant claimedAt) {
    }

    /**
     * @param text what was observed or done, in the operator's words
     * @param performedAt when it was observed or done (UTC instant, ISO 8601)
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Note(String text, Instant performedAt, Provenance provenance) {
    }

    /**
     * @param kind ROLLBACK, KILL_SWITCH or NONE_USED
     * @param reference the rebind's or kill switch's id, when one was used
     * @param outcome what the action achieved, or why none was used
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Intervention(InterventionKind kind, String reference, String outcome, Provenance provenance) {
    }

    /**
     * @param outcome PASSED or FAILED
     * @param details how it was verified and what was seen
     * @param verifiedAt when it was verified (UTC instant, ISO 8601)
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Verification(VerificationOutcome outcome, String details, Instant verifiedAt, Provenance provenance) {
    }

    /**
     * @param requirement what must still be done after the incident
     * @param dueBy when it is due (UTC instant, ISO 8601); absent when not given
     * @param provenance who recorded it and when the ledger stored it
     */
    public record FollowUp(String requirement, Instant dueBy, Provenance provenance) {
    }

    /**
     * @param decision what was decided
     * @param rationale why
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Decision(String decision, String rationale, Provenance provenance) {
    }

    /**
     * @param from the severity before
     * @param to the severity after
     * @param basis DERIVED (new impact facts demanded it), ESCALATED or DOWNGRADED (a person's decision)
     * @param reason why it changed: the person's reason, or the facts that demanded it
     * @param provenance who recorded it and when the ledger stored it
     */
    public record SeverityChange(Severity from, Severity to, SeverityBasis basis, String reason, Provenance provenance) {
    }

    /**
     * @param to the severity downgraded to
     * @param derivedWhenDowngraded the derived severity at the time; when the facts later demand more, the downgrade lapses
     */
    public record Downgrade(Severity to, Severity derivedWhenDowngraded) {
    }

    /**
     * @param postIncidentRecord where the post-incident record lives, or its summary, as given on closing
     * @param provenance who recorded it and when the ledger stored it
     */
    public record Closure(String postIncidentRecord, Provenance provenance) {
    }

    /**
     * @param rebindId the rebind's id (GET /rebinds/{id})
     * @param outcome VERIFIED, FAILED, or OBJECTIVE_BREACHED when it finished after its 15- or 30-minute deadline
     * @param detail the rebind's failure or breach, in words
     * @param provenance who recorded it and when the ledger stored it
     */
    public record LinkedRebind(String rebindId, RebindOutcome outcome, String detail, Provenance provenance) {
    }

    /**
     * An Alertmanager alert attached to the incident, as it was delivered.
     *
     * @param alertname the alert's alertname label
     * @param fingerprint Alertmanager's fingerprint of the alert's labels: the same alert keeps it across deliveries
     * @param startsAt when the alert started firing (UTC instant, ISO 8601)
     * @param endsAt when it stopped, or Alertmanager's expected end while firing (UTC instant, ISO 8601)
     * @param labels the alert's labels
     * @param annotations the alert's annotations, e.g. summary and description
     * @param generatorUrl the link back to the rule that fired, e.g. in Prometheus
     * @param receiver the Alertmanager receiver that delivered it
     * @param received who delivered it (the token's actor) and when the ledger stored it
     * @param corrections what the intake changed in the alert so it could be stored; absent when it was stored as sent
     */
    public record AlertEntry(String alertname, String fingerprint, Instant startsAt, Instant endsAt, Map<String, String> labels,
                             Map<String, String> annotations, String generatorUrl, String receiver, Provenance received,
                             AlertCorrections corrections) {
    }

    /**
     * A kill switch activated for the incident, and whether it was released since.
     *
     * @param killSwitchId the kill switch's id (GET /kill-switches/{id})
     * @param kind AI_LANE or BAD_PACK
     * @param released true once the switch was released
     */
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
