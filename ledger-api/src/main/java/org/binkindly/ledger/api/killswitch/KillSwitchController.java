package org.binkindly.ledger.api.killswitch;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.consistency.NewIds;
import org.binkindly.ledger.api.incident.IncidentLookup;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.LocalityValidation;
import org.binkindly.ledger.core.killswitch.command.ActivateKillSwitch;
import org.binkindly.ledger.core.killswitch.command.ChangeLane;
import org.binkindly.ledger.core.killswitch.command.RecordCleanScheduledRun;
import org.binkindly.ledger.core.killswitch.command.RecordRollbackConfidence;
import org.binkindly.ledger.core.killswitch.command.RecordRuntimePolicyState;
import org.binkindly.ledger.core.killswitch.command.RecordTargetedValidation;
import org.binkindly.ledger.core.killswitch.command.ReleaseKillSwitch;
import org.binkindly.ledger.core.killswitch.command.RuleOutSilentDegrade;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.killswitch.ListKillSwitches;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The runbook's AI-lane and bad-pack kill switches over HTTP; a drill is the same calls with {@code drill: true}. */
@RestController
@RequestMapping("/kill-switches")
@Tag(name = "Kill switches", description = "Activate, evidence and release the AI-lane and bad-pack kill switches")
class KillSwitchController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final ReportedTimes times;
    private final IncidentLookup incidents;
    private final KillSwitchLookup killSwitches;
    private final NewIds newIds;
    private final WrittenAnswers answers;

    KillSwitchController(CommandGateway commands, QueryGateway queries, ViewFreshness freshness, ReportedTimes times,
                     IncidentLookup incidents, KillSwitchLookup killSwitches, NewIds newIds, WrittenAnswers answers) {
        this.killSwitches = killSwitches;
        this.newIds = newIds;
        this.answers = answers;
        this.commands = commands;
        this.queries = queries;
        this.freshness = freshness;
        this.times = times;
        this.incidents = incidents;
    }

    @PostMapping
    @Answers(status = HttpStatus.CREATED,
            body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.TEXT_REQUIRED, RuleCode.TEXT_TOO_LONG,
                    RuleCode.INCIDENT_NOT_FOUND, RuleCode.LINK_ACROSS_SCOPES},
            problems = {ApiProblem.TIME_IN_FUTURE},
            example = "{\"kind\": \"AI_LANE\", \"scope\": \"locality/se-stockholm\", "
                    + "\"reason\": \"AI sorter misroutes glass\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Activate a kill switch for a scope; graduation is frozen for the scope while it is active")
    ResponseEntity<?> activate(@Valid @RequestBody KillSwitchRequests.Activate request) {
        if (request.incidentId() != null) {
            incidents.linkedFrom(request.incidentId(), request.scope(), "the kill switch");
        }
        KillSwitchId killSwitchId = newIds.next("ks-", KillSwitchId::of, KillSwitchId::generate);
        commands.sendAndWait(new ActivateKillSwitch(killSwitchId, request.kind(), request.scope(), request.reason(),
                request.incidentId(), request.drill(), times.orNow(request.activatedAt(), "activatedAt")));
        return answer(killSwitchId, HttpStatus.CREATED);
    }

    @GetMapping
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Kill switches, newest first; ?scope=kind/id and ?active=true narrow the list")
    List<KillSwitchView> list(@RequestParam(required = false) String scope,
                              @RequestParam(defaultValue = "false") boolean active) {
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        return queries.query(new ListKillSwitches(scope == null ? null : Scope.parse(scope), active),
                ResponseTypes.multipleInstancesOf(KillSwitchView.class)).join();
    }

    @GetMapping("/{killSwitchId}")
    @Answers(versioned = true, refusals = {RuleCode.KILL_SWITCH_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "A kill switch with its evidence and what its release still needs")
    ResponseEntity<KillSwitchView> get(@PathVariable KillSwitchId killSwitchId) {
        KillSwitchView view = current(killSwitchId);
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{killSwitchId}/lane-changes")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.LANE_CHANGE_ONLY_FOR_AI_LANE},
            example = "{\"change\": \"DISABLED\", \"detail\": \"AI lane off for the locality\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record that the AI lane was disabled or narrowed")
    ResponseEntity<?> changeLane(@PathVariable KillSwitchId killSwitchId,
                                              @Valid @RequestBody KillSwitchRequests.ChangeLane request) {
        return send(killSwitchId, new ChangeLane(killSwitchId, request.change(), request.detail()));
    }

    @PostMapping("/{killSwitchId}/silent-degrade-checks")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG},
            example = "{\"evidence\": \"fallback rate flat at 0.2% for 30 min\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Confirm no unsupported silent degrade was introduced")
    ResponseEntity<?> ruleOutSilentDegrade(@PathVariable KillSwitchId killSwitchId,
                                                        @Valid @RequestBody KillSwitchRequests.Evidence request) {
        return send(killSwitchId, new RuleOutSilentDegrade(killSwitchId, request.evidence()));
    }

    @PostMapping("/{killSwitchId}/validations")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.VALIDATION_LOCALITIES_REQUIRED, RuleCode.INVALID_LOCALITY},
            example = "{\"results\": [{\"locality\": \"se-stockholm\", \"outcome\": \"PASSED\"}]}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record targeted validation over representative localities, a result per locality")
    ResponseEntity<?> validate(@PathVariable KillSwitchId killSwitchId,
                                            @Valid @RequestBody KillSwitchRequests.Validation request) {
        List<LocalityValidation> results = request.results().stream()
                .map(result -> new LocalityValidation(result.locality(), result.outcome(), result.note()))
                .toList();
        return send(killSwitchId, new RecordTargetedValidation(killSwitchId, results));
    }

    @PostMapping("/{killSwitchId}/policy-states")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG},
            example = """
                    {"sorterMode": "deterministic", "riskState": "elevated", "allowedErrorCodes": ["E_TIMEOUT"],
                     "graduationCounters": {"se": 3}}""")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record the runtime policy state seen: sorter_mode, risk_state, allowed_error_codes, graduation counters")
    ResponseEntity<?> policyState(@PathVariable KillSwitchId killSwitchId,
                                               @Valid @RequestBody KillSwitchRequests.PolicyState request) {
        return send(killSwitchId, new RecordRuntimePolicyState(killSwitchId, request.sorterMode(), request.riskState(),
                request.allowedErrorCodes(), request.graduationCounters()));
    }

    @PostMapping("/{killSwitchId}/clean-runs")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.CLEAN_RUN_BEFORE_ACTIVATION},
            problems = {ApiProblem.TIME_IN_FUTURE},
            example = "{\"runReference\": \"nightly-2026-11-28\", \"evidence\": \"all checks green\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record a clean scheduled run while the switch is active")
    ResponseEntity<?> cleanRun(@PathVariable KillSwitchId killSwitchId,
                                            @Valid @RequestBody KillSwitchRequests.CleanRun request) {
        return send(killSwitchId, new RecordCleanScheduledRun(killSwitchId, request.runReference(),
                times.orNow(request.completedAt(), "completedAt"), request.evidence()));
    }

    @PostMapping("/{killSwitchId}/rollback-confidence")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.ROLLBACK_REBIND_NOT_PROOF},
            example = "{\"evidence\": \"drill rebind restored in 6 min\", \"rebindReference\": \"rb-0d1c\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record why rollback is trusted for the scope (e.g. a verified rebind or drill)")
    ResponseEntity<?> rollbackConfidence(@PathVariable KillSwitchId killSwitchId,
                                                      @Valid @RequestBody KillSwitchRequests.RollbackConfidence request) {
        return send(killSwitchId, new RecordRollbackConfidence(killSwitchId, request.evidence(), request.rebindReference(),
                killSwitches.referencedRebind(request.rebindReference())));
    }

    @PostMapping("/{killSwitchId}/release")
    @Answers(body = KillSwitchView.class,
            versioned = true,
            refusals = {RuleCode.KILL_SWITCH_NOT_FOUND, RuleCode.KILL_SWITCH_RELEASED, RuleCode.TEXT_REQUIRED,
                    RuleCode.TEXT_TOO_LONG, RuleCode.KILL_SWITCH_RELEASE_NOT_EARNED},
            example = "{\"reason\": \"clean run and rollback confidence recorded\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Release (re-enable); refused with what is missing until clean scheduled evidence and rollback confidence")
    ResponseEntity<?> release(@PathVariable KillSwitchId killSwitchId,
                                           @Valid @RequestBody KillSwitchRequests.Release request) {
        return send(killSwitchId, new ReleaseKillSwitch(killSwitchId, request.reason()));
    }

    private ResponseEntity<?> send(KillSwitchId killSwitchId, Object command) {
        killSwitches.requireStored(killSwitchId);
        commands.sendAndWait(command);
        return answer(killSwitchId, HttpStatus.OK);
    }

    /** The kill switch as the view shows it after the write, or 202 if the view has not caught up with it. */
    private ResponseEntity<?> answer(KillSwitchId killSwitchId, HttpStatus success) {
        return answers.afterWrite(KillSwitchProjector.PROCESSING_GROUP, killSwitchId.value(),
                URI.create("/kill-switches/" + killSwitchId), success, () -> find(killSwitchId), KillSwitchView::version);
    }

    private KillSwitchView current(KillSwitchId killSwitchId) {
        return killSwitches.current(killSwitchId);
    }

    private Optional<KillSwitchView> find(KillSwitchId killSwitchId) {
        return killSwitches.find(killSwitchId);
    }

    private static String etag(KillSwitchView view) {
        return "\"" + view.version() + "\"";
    }
}
