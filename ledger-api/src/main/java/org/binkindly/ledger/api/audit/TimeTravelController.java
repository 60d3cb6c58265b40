package org.binkindly.ledger.api.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.NoGoGate;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.projections.gate.NoGoGateFacts;
import org.binkindly.ledger.projections.gate.NoGoGateView;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.posture.ScopePostureView;
import org.binkindly.ledger.projections.rebind.ActiveManifestView;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.binkindly.ledger.projections.timetravel.TimeTravel;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * Post-incident reviews ask what the ledger said at a past moment: each answer is the view as it
 * stood at {@code at}, folded from the events recorded up to then, in the shape the live view has.
 */
@RestController
@RequestMapping("/as-of")
@Tag(name = "Time travel", description = "An incident, kill switch, rebind, or a scope's posture, manifest or no-go gate as it stood at a past instant")
class TimeTravelController {

    /**
     * A view as it stood at {@code at}, folded from {@code events} events.
     *
     * @param at the past instant asked for (UTC instant, ISO 8601)
     * @param events how many of the resource's events were recorded up to then
     * @param view the view as it stood then, in the live view's shape
     */
    record AsOf<T>(Instant at, int events, T view) {
    }

    private final TimeTravel timeTravel;
    private final NoGoGate gate;

    TimeTravelController(TimeTravel timeTravel, NoGoGate gate) {
        this.timeTravel = timeTravel;
        this.gate = gate;
    }

    @GetMapping("/incidents/{incidentId}")
    @Answers(refusals = {RuleCode.INCIDENT_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The incident as it stood at 'at' (ISO-8601 instant)")
    AsOf<IncidentView> incident(@PathVariable IncidentId incidentId, @RequestParam Instant at) {
        return timeTravel.incident(incidentId, at)
                .map(folded -> new AsOf<>(at, folded.events(), IncidentView.of(folded.state())))
                .orElseThrow(() -> new LedgerRuleViolation(RuleCode.INCIDENT_NOT_FOUND,
                        "incident %s had not been declared at %s".formatted(incidentId, at)));
    }

    @GetMapping("/kill-switches/{killSwitchId}")
    @Answers(refusals = {RuleCode.KILL_SWITCH_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The kill-switch activation as it stood at 'at'")
    AsOf<KillSwitchView> killSwitch(@PathVariable KillSwitchId killSwitchId, @RequestParam Instant at) {
        return timeTravel.killSwitch(killSwitchId, at)
                .map(folded -> new AsOf<>(at, folded.events(), KillSwitchView.of(folded.state())))
                .orElseThrow(() -> new LedgerRuleViolation(RuleCode.KILL_SWITCH_NOT_FOUND,
                        "kill switch %s had not been activated at %s".formatted(killSwitchId, at)));
    }

    @GetMapping("/rebinds/{rebindId}")
    @Answers(refusals = {RuleCode.REBIND_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The rebind as it stood at 'at'")
    AsOf<RebindView> rebind(@PathVariable RebindId rebindId, @RequestParam Instant at) {
        return timeTravel.rebind(rebindId, at)
                .map(folded -> new AsOf<>(at, folded.events(), RebindView.of(folded.state())))
                .orElseThrow(() -> new LedgerRuleViolation(RuleCode.REBIND_NOT_FOUND,
                        "rebind %s had not been started at %s".formatted(rebindId, at)));
    }

    @GetMapping("/scopes/{kind}/{id}/posture")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The scope's posture (degraded, graduation frozen, publish paused, and why) as it stood at 'at'")
    AsOf<ScopePostureView> posture(@PathVariable String kind, @PathVariable String id, @RequestParam Instant at) {
        TimeTravel.Folded<ScopePostureView> folded = timeTravel.posture(Scope.of(ScopeKind.fromPathSegment(kind), id), at);
        return new AsOf<>(at, folded.events(), folded.state());
    }

    @GetMapping("/scopes/{kind}/{id}/manifest")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The scope's active and last-known-good manifest, with integrity state, as it stood at 'at'")
    AsOf<ActiveManifestView> manifest(@PathVariable String kind, @PathVariable String id, @RequestParam Instant at) {
        Scope scope = Scope.of(ScopeKind.fromPathSegment(kind), id);
        return timeTravel.activeManifest(scope, at)
                .map(folded -> new AsOf<>(at, folded.events(), folded.state()))
                .orElseThrow(() -> new ApiException(ApiProblem.NOT_FOUND,
                        "the ledger had not probed or rebound the manifest of %s by %s".formatted(scope, at)));
    }

    /** The facts as they stood at {@code at}, judged by today's rules as of {@code at} (a drill's recency counts back from then). */
    @GetMapping("/scopes/{kind}/{id}/no-go-gate")
    @Answers(refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The scope's no-go gate as it stood at 'at': each rule judged on the facts recorded up to then")
    AsOf<NoGoGateView> noGoGate(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String appBuild,
                                @RequestParam Instant at) {
        Scope scope = Scope.of(ScopeKind.fromPathSegment(kind), id);
        String build = appBuild == null ? null : new LaunchId(scope, appBuild).appBuild();
        NoGoGateFacts facts = timeTravel.noGoFacts(at);
        return new AsOf<>(at, facts.events(), NoGoGateView.of(scope, build, at, gate.evaluate(scope, build, facts, at)));
    }
}
