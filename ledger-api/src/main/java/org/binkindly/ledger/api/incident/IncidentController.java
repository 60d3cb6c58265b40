package org.binkindly.ledger.api.incident;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.command.ClaimRole;
import org.binkindly.ledger.core.incident.command.CloseIncident;
import org.binkindly.ledger.core.incident.command.CompleteChecklistItem;
import org.binkindly.ledger.core.incident.command.DowngradeSeverity;
import org.binkindly.ledger.core.incident.command.EscalateSeverity;
import org.binkindly.ledger.core.incident.command.RecordContainmentAction;
import org.binkindly.ledger.core.incident.command.RecordDecision;
import org.binkindly.ledger.core.incident.command.RecordFollowUp;
import org.binkindly.ledger.core.incident.command.RecordIntervention;
import org.binkindly.ledger.core.incident.command.RecordObservedFailureMode;
import org.binkindly.ledger.core.incident.command.RecordVerification;
import org.binkindly.ledger.core.incident.command.RestateImpactFacts;
import org.binkindly.ledger.core.incident.command.WaiveChecklistItem;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.EvidenceCompletenessView;
import org.binkindly.ledger.projections.incident.FindEvidenceCompleteness;
import org.binkindly.ledger.projections.incident.FindIncidentTimeline;
import org.binkindly.ledger.projections.incident.IncidentSummary;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.incident.ListIncidents;
import org.binkindly.ledger.projections.incident.TimelineView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * Incidents over HTTP. Each command answers with the incident as that command left it (the
 * aggregate's own state, which the views fold the same way) and its version as the ETag.
 */
@RestController
@RequestMapping("/incidents")
@Validated
@Tag(name = "Incidents", description = "Declare an incident and work it through the runbook to closure")
class IncidentController {

    /** Checklist item ids as the runbook map names them, e.g. PF_IDENTIFY_FAILING_STAGE. */
    private static final String ITEM_ID = "[A-Z0-9_]{1,64}";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final ReportedTimes times;
    private final IncidentLookup incidents;
    private final WrittenAnswers answers;
    private final IncidentDeclarations declarations;

    IncidentController(CommandGateway commands, QueryGateway queries, ViewFreshness freshness, ReportedTimes times,
                       IncidentLookup incidents, WrittenAnswers answers, IncidentDeclarations declarations) {
        this.declarations = declarations;
        this.answers = answers;
        this.commands = commands;
        this.queries = queries;
        this.freshness = freshness;
        this.times = times;
        this.incidents = incidents;
    }

    @PostMapping
    @Answers(status = HttpStatus.CREATED,
            body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.TEXT_REQUIRED, RuleCode.TEXT_TOO_LONG,
                    RuleCode.INCIDENT_ALREADY_OPEN, RuleCode.SEVERITY_BELOW_DERIVED},
            problems = {ApiProblem.TIME_IN_FUTURE},
            example = "{\"incidentClass\": \"BAD_PUBLISH\", \"scope\": \"locality/se-stockholm\", "
                    + "\"impact\": {\"ACTIVE_TRUTH_WRONG_FOR_USERS\": \"NO\", "
                    + "\"ROLLBACK_PATH_FAILING\": \"NO\"}, \"trigger\": {\"kind\": \"MANUAL\", "
                    + "\"detail\": \"support ticket 4411\"}, "
                    + "\"observedFailureMode\": \"stale pack served after publish\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Declare an incident; severity is derived from the impact facts (unknown counts as true)")
    ResponseEntity<?> declare(@Valid @RequestBody IncidentRequests.Declare request) {
        IncidentDeclarations.Declared declared = declarations.declare(new IncidentDeclarations.Declaration(
                request.incidentClass(), request.scope(), request.impact(), request.severity(), request.severityReason(),
                new TriggerSource(request.trigger().kind(), request.trigger().detail()), request.observedFailureMode(),
                request.detectedAt(), request.separateBecause()));
        return answer(declared.incidentId(), declared.state(), HttpStatus.CREATED);
    }

    @GetMapping
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "List incidents, newest first")
    List<IncidentSummary> list(@RequestParam(required = false) IncidentState.Status status,
                               @RequestParam(required = false) String scope,
                               @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new ListIncidents(status, scope == null ? null : Scope.parse(scope), limit),
                ResponseTypes.multipleInstancesOf(IncidentSummary.class)).join();
    }

    @GetMapping("/{incidentId}")
    @Answers(versioned = true, refusals = {RuleCode.INCIDENT_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "An incident with its checklist, evidence, roles and decisions")
    ResponseEntity<IncidentView> get(@PathVariable IncidentId incidentId) {
        IncidentView view = current(incidentId);
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @GetMapping("/{incidentId}/timeline")
    @Answers(refusals = {RuleCode.INCIDENT_NOT_FOUND}, problems = {ApiProblem.VIEW_PENDING})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Every recorded fact about the incident, oldest first, with who recorded it")
    TimelineView timeline(@PathVariable IncidentId incidentId) {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new FindIncidentTimeline(incidentId), ResponseTypes.optionalInstanceOf(TimelineView.class))
                .join().orElseThrow(() -> incidents.absent(incidentId));
    }

    @GetMapping("/{incidentId}/evidence")
    @Answers(refusals = {RuleCode.INCIDENT_NOT_FOUND}, problems = {ApiProblem.VIEW_PENDING})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Evidence completeness: each of the nine fields and each checklist item, and whether closure is possible")
    EvidenceCompletenessView evidence(@PathVariable IncidentId incidentId) {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new FindEvidenceCompleteness(incidentId),
                        ResponseTypes.optionalInstanceOf(EvidenceCompletenessView.class))
                .join().orElseThrow(() -> incidents.absent(incidentId));
    }

    @PostMapping("/{incidentId}/evidence")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.LINK_ACROSS_SCOPES, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.INTERVENTION_REFERENCE_REQUIRED,
                    RuleCode.INTERVENTION_REFERENCE_NOT_ALLOWED},
            problems = {ApiProblem.TIME_IN_FUTURE},
            example = "{\"field\": \"CONTAINMENT_ACTION\", \"action\": \"paused publishing for the scope\", "
                    + "\"performedAt\": \"2026-11-27T03:12:00Z\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record evidence: OBSERVED_FAILURE_MODE, CONTAINMENT_ACTION, ROLLBACK_OR_KILL_SWITCH_ACTION, "
            + "VERIFICATION_RESULT or FOLLOW_UP_REQUIREMENT")
    ResponseEntity<?> recordEvidence(@PathVariable IncidentId incidentId,
                                                @Valid @RequestBody IncidentRequests.Evidence evidence) {
        Object command;
        if (evidence instanceof IncidentRequests.Evidence.ObservedFailureMode e) {
            command = new RecordObservedFailureMode(incidentId, e.observation());
        } else if (evidence instanceof IncidentRequests.Evidence.ContainmentAction e) {
            command = new RecordContainmentAction(incidentId, e.action(), times.orNow(e.performedAt(), "performedAt"));
        } else if (evidence instanceof IncidentRequests.Evidence.RollbackOrKillSwitchAction e) {
            incidents.requireReferenceInScope(incidentId, e.reference());
            command = new RecordIntervention(incidentId, e.kind(), e.reference(), e.outcome());
        } else if (evidence instanceof IncidentRequests.Evidence.VerificationResult e) {
            command = new RecordVerification(incidentId, e.outcome(), e.details(), times.orNow(e.verifiedAt(), "verifiedAt"));
        } else {
            IncidentRequests.Evidence.FollowUpRequirement e = (IncidentRequests.Evidence.FollowUpRequirement) evidence;
            command = new RecordFollowUp(incidentId, e.requirement(), e.dueBy());
        }
        return send(incidentId, command);
    }

    @PostMapping("/{incidentId}/impact")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED},
            example = "{\"impact\": {\"ROLLBACK_PATH_FAILING\": \"NO\", \"FALLBACK_PATH_SPIKING\": \"UNKNOWN\"}}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Restate some impact facts (merged: facts not named keep their value; UNKNOWN un-states one); "
            + "the severity follows them")
    ResponseEntity<?> reassess(@PathVariable IncidentId incidentId,
                                          @Valid @RequestBody IncidentRequests.Reassess request) {
        return send(incidentId, new RestateImpactFacts(incidentId, request.impact()));
    }

    @PostMapping("/{incidentId}/escalations")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.ESCALATION_NOT_ABOVE_CURRENT},
            example = "{\"severity\": \"SEV1\", \"reason\": \"users see yesterday's truth\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Raise the severity above what the facts demand")
    ResponseEntity<?> escalate(@PathVariable IncidentId incidentId,
                                          @Valid @RequestBody IncidentRequests.SeverityChange request) {
        return send(incidentId, new EscalateSeverity(incidentId, request.severity(), request.reason()));
    }

    @PostMapping("/{incidentId}/downgrades")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.DOWNGRADE_NOT_BELOW_CURRENT, RuleCode.NOT_INCIDENT_OWNER},
            example = "{\"severity\": \"SEV3\", \"reason\": \"contained; only one locality was affected\"}")
    @PreAuthorize(Roles.OWN)
    @Operation(summary = "Lower the severity, below what the facts demand if need be, with a reason (incident owner)")
    ResponseEntity<?> downgrade(@PathVariable IncidentId incidentId,
                                           @Valid @RequestBody IncidentRequests.SeverityChange request) {
        return send(incidentId, new DowngradeSeverity(incidentId, request.severity(), request.reason()));
    }

    @PostMapping("/{incidentId}/checklist/{itemId}/completion")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.CHECKLIST_ITEM_NOT_FOUND,
                    RuleCode.CHECKLIST_ITEM_ALREADY_COMPLETED},
            problems = {ApiProblem.TIME_IN_FUTURE},
            example = "{\"evidence\": \"publish stage 3 failed its checksum; log link in the ticket\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Complete a checklist item with its evidence")
    ResponseEntity<?> complete(@PathVariable IncidentId incidentId,
                                          @PathVariable @Pattern(regexp = ITEM_ID, message = "is not a checklist item id") String itemId,
                                          @Valid @RequestBody IncidentRequests.Completion request) {
        return send(incidentId, new CompleteChecklistItem(incidentId, itemId, request.evidence(),
                times.orNow(request.performedAt(), "performedAt")));
    }

    @PostMapping("/{incidentId}/checklist/{itemId}/waiver")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.CHECKLIST_ITEM_NOT_FOUND,
                    RuleCode.CHECKLIST_ITEM_ALREADY_COMPLETED, RuleCode.CLOSURE_CONDITION_NOT_WAIVABLE,
                    RuleCode.NOT_INCIDENT_OWNER},
            example = "{\"reason\": \"no AI lane in this locality\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record that a checklist item does not apply, and why")
    ResponseEntity<?> waive(@PathVariable IncidentId incidentId,
                                       @PathVariable @Pattern(regexp = ITEM_ID, message = "is not a checklist item id") String itemId,
                                       @Valid @RequestBody IncidentRequests.Waiver request) {
        return send(incidentId, new WaiveChecklistItem(incidentId, itemId, request.reason()));
    }

    @PutMapping("/{incidentId}/roles/{role}")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.HANDOVER_REASON_REQUIRED},
            example = "{\"handoverReason\": \"end of shift\"}")
    @PreAuthorize(Roles.TAKE_INCIDENT_ROLE)
    @Operation(summary = "Take a runbook role yourself: ON_CALL_OPERATOR (OPERATOR), INCIDENT_OWNER or RELEASE_OWNER; "
            + "taking INCIDENT_OWNER from another person is a handover and needs a handoverReason in the body")
    ResponseEntity<?> claimRole(@PathVariable IncidentId incidentId, @PathVariable IncidentRole role,
                                  @Valid @RequestBody(required = false) IncidentRequests.Handover handover) {
        return send(incidentId, new ClaimRole(incidentId, role, handover == null ? null : handover.handoverReason()));
    }

    @PostMapping("/{incidentId}/decisions")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.INCIDENT_CLOSED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.NOT_INCIDENT_OWNER},
            example = "{\"decision\": \"roll back to the last known good manifest\", "
                    + "\"rationale\": \"the new pack cannot be fixed forward in time\"}")
    @PreAuthorize(Roles.OWN)
    @Operation(summary = "Add to the decision log (incident owner)")
    ResponseEntity<?> decide(@PathVariable IncidentId incidentId,
                                        @Valid @RequestBody IncidentRequests.Decision request) {
        return send(incidentId, new RecordDecision(incidentId, request.decision(), request.rationale()));
    }

    @PostMapping("/{incidentId}/closure")
    @Answers(body = IncidentView.class,
            versioned = true,
            refusals = {RuleCode.INCIDENT_NOT_FOUND, RuleCode.TEXT_REQUIRED, RuleCode.TEXT_TOO_LONG,
                    RuleCode.NOT_INCIDENT_OWNER, RuleCode.INCIDENT_NOT_CLOSABLE},
            example = "{\"postIncidentRecord\": \"gate held; last known good stayed active; canary added\"}")
    @PreAuthorize(Roles.OWN)
    @Operation(summary = "Close the incident with its post-incident record; refused with the list of what is missing")
    ResponseEntity<?> close(@PathVariable IncidentId incidentId,
                                       @Valid @RequestBody IncidentRequests.Closure request) {
        return send(incidentId, new CloseIncident(incidentId, request.postIncidentRecord()));
    }

    /**
     * The aggregate's own load answers whether the incident exists (no separate query of the log
     * before each command): an id the log does not hold is INCIDENT_NOT_FOUND.
     */
    private ResponseEntity<?> send(IncidentId incidentId, Object command) {
        IncidentState written;
        try {
            written = commands.sendAndWait(command);
        } catch (AggregateNotFoundException missing) {
            throw IncidentLookup.notFound(incidentId);
        }
        return answer(incidentId, written, HttpStatus.OK);
    }

    /**
     * The incident as the command left it, folded by the aggregate itself (the views fold the same
     * state), so the answer waits for no view; a later read still sees it (see {@link WrittenAnswers#written}).
     */
    private ResponseEntity<?> answer(IncidentId incidentId, IncidentState written, HttpStatus success) {
        URI location = URI.create("/incidents/" + incidentId);
        if (written == null) {
            // not run again (CommandGuard): it was applied under this Idempotency-Key before its answer was kept
            return answers.afterWrite(IncidentViewProjector.PROCESSING_GROUP, incidentId.value(), location, success,
                    () -> incidents.find(incidentId), IncidentView::version);
        }
        return answers.written(incidentId.value(), location, success, () -> IncidentView.of(written), written.version());
    }

    private IncidentView current(IncidentId incidentId) {
        return incidents.current(incidentId);
    }

    private static String etag(IncidentView view) {
        return "\"" + view.version() + "\"";
    }
}
