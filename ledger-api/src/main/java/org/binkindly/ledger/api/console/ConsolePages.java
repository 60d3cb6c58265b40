package org.binkindly.ledger.api.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.audit.AuditChainStatus;
import org.binkindly.ledger.api.incident.IncidentLookup;
import org.binkindly.ledger.api.killswitch.KillSwitchLookup;
import org.binkindly.ledger.api.review.EvidenceRecordMarkdown;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.ImpactFact;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentRole;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.incident.InterventionKind;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.VerificationOutcome;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchKind;
import org.binkindly.ledger.core.killswitch.LaneChange;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.NoGoGate;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.Severity;
import org.binkindly.ledger.projections.alert.AlertDeliveryView;
import org.binkindly.ledger.projections.alert.AlertIntakeProjector;
import org.binkindly.ledger.projections.alert.ListAlertDeliveries;
import org.binkindly.ledger.projections.alert.ListLostAlerts;
import org.binkindly.ledger.projections.alert.ListUnmappedAlerts;
import org.binkindly.ledger.projections.alert.LostAlertsView;
import org.binkindly.ledger.projections.alert.UnmappedAlertView;
import org.binkindly.ledger.projections.gate.NoGoGateFacts;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.gate.NoGoGateView;
import org.binkindly.ledger.projections.incident.EvidenceCompletenessView;
import org.binkindly.ledger.projections.incident.FindEvidenceCompleteness;
import org.binkindly.ledger.projections.incident.FindIncidentTimeline;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.incident.ListSeverityBoard;
import org.binkindly.ledger.projections.incident.SeverityBoardView;
import org.binkindly.ledger.projections.incident.TimelineView;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.binkindly.ledger.projections.killswitch.ListKillSwitches;
import org.binkindly.ledger.projections.posture.FindScopePosture;
import org.binkindly.ledger.projections.posture.ScopePostureProjector;
import org.binkindly.ledger.projections.posture.ScopePostureView;
import org.binkindly.ledger.projections.rebind.ActiveManifestView;
import org.binkindly.ledger.projections.rebind.FindActiveManifest;
import org.binkindly.ledger.projections.rebind.ListRebinds;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.binkindly.ledger.projections.review.EvidenceRecord;
import org.binkindly.ledger.projections.review.EvidenceRecords;
import org.binkindly.ledger.projections.review.IncidentReviewsView;
import org.binkindly.ledger.projections.review.ListIncidentReviews;
import org.binkindly.ledger.projections.timetravel.TimeTravel;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The console's pages, read from the same queries the API's controllers answer with, after the
 * same waits for the views to catch up. Each page's rule is the matching endpoint's rule.
 */
@Controller
@Hidden
class ConsolePages {

    private static final String HTML = MediaType.TEXT_HTML_VALUE;

    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final IncidentLookup incidents;
    private final EventLog eventLog;
    private final CallerRights rights;
    private final AuditChainStatus chain;
    private final TimeTravel timeTravel;
    private final NoGoGate gate;
    private final EvidenceRecords evidenceRecords;
    private final KillSwitchLookup killSwitches;

    ConsolePages(QueryGateway queries, ViewFreshness freshness, IncidentLookup incidents, EventLog eventLog, CallerRights rights,
                 AuditChainStatus chain, TimeTravel timeTravel, NoGoGate gate, EvidenceRecords evidenceRecords,
                 KillSwitchLookup killSwitches) {
        this.killSwitches = killSwitches;
        this.evidenceRecords = evidenceRecords;
        this.queries = queries;
        this.freshness = freshness;
        this.incidents = incidents;
        this.eventLog = eventLog;
        this.rights = rights;
        this.chain = chain;
        this.timeTravel = timeTravel;
        this.gate = gate;
    }

    @GetMapping(value = "/console/sign-in", produces = HTML)
    String signIn() {
        return "console/sign-in";
    }

    @GetMapping(value = {"/console", "/console/"}, produces = HTML)
    @PreAuthorize(Roles.READ)
    String home() {
        return "redirect:/console/board";
    }

    @GetMapping(value = "/console/board", produces = HTML)
    @PreAuthorize(Roles.READ)
    String board(Model model) {
        model.addAttribute("position", logPosition());
        model.addAttribute("board", severityBoard());
        page(model, "board");
        return "console/board";
    }

    /** The board's rows alone, fetched by the page's script when the log has moved. */
    @GetMapping(value = "/console/board/live", produces = HTML)
    @PreAuthorize(Roles.READ)
    String boardRows(Model model) {
        model.addAttribute("board", severityBoard());
        return "console/board :: live";
    }

    /** The log's head: the page's script polls this and reloads its live part only when it moves. */
    @GetMapping(value = "/console/log-position", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.READ)
    @ResponseBody
    Map<String, Long> position() {
        return Map.of("position", logPosition());
    }

    @GetMapping(value = "/console/incidents/{incidentId}", produces = HTML)
    @PreAuthorize(Roles.READ)
    String incident(@PathVariable IncidentId incidentId, Model model) {
        IncidentView incident = incidents.current(incidentId);
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        EvidenceCompletenessView evidence = queries.query(new FindEvidenceCompleteness(incidentId),
                ResponseTypes.optionalInstanceOf(EvidenceCompletenessView.class)).join().orElseThrow();
        TimelineView timeline = queries.query(new FindIncidentTimeline(incidentId), ResponseTypes.optionalInstanceOf(TimelineView.class))
                .join().orElseThrow();
        return incidentPage(incident, evidence, timeline, model);
    }

    /**
     * The incident as it stood at {@code at}: severity and why, checklist, evidence completeness and
     * timeline, all folded from its events recorded up to then (as {@code /as-of/incidents/{id}});
     * the incident page without its actions.
     */
    @GetMapping(value = "/console/incidents/{incidentId}/as-of", produces = HTML)
    @PreAuthorize(Roles.READ)
    String incidentAsOf(@PathVariable IncidentId incidentId, @RequestParam(required = false) String at, Model model) {
        Instant instant = ConsoleActions.instantOf(at, "at");
        if (instant == null) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "at: the instant to show the incident as of is required");
        }
        TimeTravel.Folded<IncidentState> folded = timeTravel.incident(incidentId, instant).orElseThrow(() -> new LedgerRuleViolation(
                RuleCode.INCIDENT_NOT_FOUND, "incident %s had not been declared at %s".formatted(incidentId, instant)));
        model.addAttribute("asOfAt", instant);
        model.addAttribute("asOfEvents", folded.events());
        return incidentPage(IncidentView.of(folded.state()), EvidenceCompletenessView.of(folded.state()),
                timeTravel.incidentTimeline(incidentId, instant).orElseThrow(), model);
    }

    private String incidentPage(IncidentView incident, EvidenceCompletenessView evidence, TimelineView timeline, Model model) {
        model.addAttribute("incident", incident);
        model.addAttribute("evidence", evidence);
        model.addAttribute("timeline", timeline);
        model.addAttribute("impactFacts", ImpactFact.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("interventionKinds", InterventionKind.values());
        model.addAttribute("verificationOutcomes", VerificationOutcome.values());
        model.addAttribute("incidentRoles", IncidentRole.values());
        model.addAttribute("impactValues", ImpactFact.Value.values());
        page(model, "incident");
        return "console/incident";
    }

    /** The header's scope field: kind/id typed in, the scope's page out. */
    @GetMapping(value = "/console/scope", produces = HTML)
    @PreAuthorize(Roles.READ)
    String scopeByName(@RequestParam String scope) {
        return "redirect:/console/scopes/" + Scope.parse(scope.strip());
    }

    @GetMapping(value = "/console/scopes/{kind}/{id}", produces = HTML)
    @PreAuthorize(Roles.READ)
    String scope(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String appBuild, Model model) {
        Scope scope = Scope.parse(kind + "/" + id);
        model.addAttribute("scope", scope);
        model.addAttribute("position", logPosition());
        model.addAttribute("appBuild", appBuild);
        scopeFacts(scope, appBuild, model);
        page(model, "scope");
        return "console/scope";
    }

    /** The scope page's changing part: posture, manifests, rebinds with their steps, kill switches, gate. */
    @GetMapping(value = "/console/scopes/{kind}/{id}/live", produces = HTML)
    @PreAuthorize(Roles.READ)
    String scopeLive(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String appBuild, Model model) {
        Scope scope = Scope.parse(kind + "/" + id);
        model.addAttribute("scope", scope);
        model.addAttribute("appBuild", appBuild);
        scopeFacts(scope, appBuild, model);
        page(model, "scope");
        return "console/scope :: live";
    }

    /** The declaration form; after a refusal it comes back with what was typed (a flash attribute {@code form}). */
    @GetMapping(value = "/console/incidents/new", produces = HTML)
    @PreAuthorize(Roles.RESPOND)
    String declaration(@RequestParam(required = false) String scope, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", scope == null ? Map.of() : Map.of("scope", scope.strip()));
        }
        model.addAttribute("incidentClasses", IncidentClass.values());
        model.addAttribute("impactFacts", ImpactFact.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("triggerKinds", TriggerSource.Kind.values());
        model.addAttribute("impactValues", ImpactFact.Value.values());
        page(model, "declare");
        return "console/declare";
    }

    /** A kill switch with its evidence and release checklist; its forms for those who may record. */
    @GetMapping(value = "/console/kill-switches/{killSwitchId}", produces = HTML)
    @PreAuthorize(Roles.READ)
    String killSwitch(@PathVariable KillSwitchId killSwitchId, Model model) {
        model.addAttribute("kill", killSwitches.current(killSwitchId));
        model.addAttribute("laneChanges", LaneChange.values());
        page(model, "scope");
        return "console/kill-switch";
    }

    /**
     * The scope as it stood at {@code at}: posture, manifests, rebinds, kill switches and the no-go
     * gate (for an app build, when given) folded from the events recorded up to then (the
     * time-travel queries of {@code /as-of}), never from today's views.
     */
    @GetMapping(value = "/console/scopes/{kind}/{id}/as-of", produces = HTML)
    @PreAuthorize(Roles.READ)
    String scopeAsOf(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String at,
                     @RequestParam(required = false) String appBuild, Model model) {
        Scope scope = Scope.parse(kind + "/" + id);
        Instant instant = ConsoleActions.instantOf(at, "at");
        if (instant == null) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "at: the instant to show the scope as of is required");
        }
        TimeTravel.Folded<ScopePostureView> posture = timeTravel.posture(scope, instant);
        List<RebindView> rebinds = timeTravel.rebinds(scope, instant).stream().map(folded -> RebindView.of(folded.state())).toList();
        List<KillSwitchView> switches = timeTravel.killSwitches(scope, instant).stream()
                .map(folded -> KillSwitchView.of(folded.state())).toList();
        model.addAttribute("scope", scope);
        model.addAttribute("asOfAt", instant);
        model.addAttribute("posture", posture.state());
        model.addAttribute("postureEvents", posture.events());
        model.addAttribute("rebinds", rebinds);
        model.addAttribute("killSwitches", switches);
        TimeTravel.Folded<ActiveManifestView> manifest = timeTravel.activeManifest(scope, instant).orElse(null);
        model.addAttribute("manifest", manifest == null ? null : manifest.state());
        model.addAttribute("manifestEvents", manifest == null ? 0 : manifest.events());
        String build = appBuild == null || appBuild.isBlank() ? null : new LaunchId(scope, appBuild.strip()).appBuild();
        NoGoGateFacts facts = timeTravel.noGoFacts(instant);
        model.addAttribute("appBuild", build);
        model.addAttribute("gate", NoGoGateView.of(scope, build, instant, gate.evaluate(scope, build, facts, instant)));
        model.addAttribute("gateEvents", facts.events());
        page(model, "scope");
        return "console/scope-as-of";
    }

    @GetMapping(value = "/console/alerts", produces = HTML)
    @PreAuthorize(Roles.READ)
    String alerts(Model model) {
        freshness.awaitCaughtUp(AlertIntakeProjector.PROCESSING_GROUP);
        model.addAttribute("deliveries", queries.query(new ListAlertDeliveries(50),
                ResponseTypes.multipleInstancesOf(AlertDeliveryView.class)).join());
        model.addAttribute("unmapped", queries.query(new ListUnmappedAlerts(100),
                ResponseTypes.multipleInstancesOf(UnmappedAlertView.class)).join());
        model.addAttribute("lost", queries.query(new ListLostAlerts(100), ResponseTypes.instanceOf(LostAlertsView.class)).join());
        page(model, "alerts");
        return "console/alerts";
    }

    /**
     * Chain status and checkpoints (auditors only, as {@code /audit/chain}), the review measures, and
     * an incident as it stood at a chosen instant.
     */
    @GetMapping(value = "/console/audit", produces = HTML)
    @PreAuthorize(Roles.READ)
    String audit(@RequestParam(required = false) String incidentId, @RequestParam(required = false) String at, Model model) {
        CallerRights.Rights caller = rights.current();
        if (caller.audit()) {
            model.addAttribute("chain", chain.view());
        }
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        model.addAttribute("reviews", queries.query(new ListIncidentReviews(null, null, null, null, 50),
                ResponseTypes.instanceOf(IncidentReviewsView.class)).join());
        if (incidentId != null && !incidentId.isBlank()) {
            IncidentId id = IncidentId.of(incidentId.strip());
            Instant instant = instantOf(at);
            model.addAttribute("asOfIncidentId", id.value());
            model.addAttribute("asOfAt", instant);
            TimeTravel.Folded<IncidentState> folded = timeTravel.incident(id, instant).orElse(null);
            if (folded != null) {
                model.addAttribute("asOf", IncidentView.of(folded.state()));
                model.addAttribute("asOfEvents", folded.events());
            }
        }
        page(model, "audit");
        return "console/audit";
    }

    /** An evidence record of the scope, rendered as the API renders it, with its downloads. */
    @GetMapping(value = "/console/scopes/{kind}/{id}/evidence-records/{record}", produces = HTML)
    @PreAuthorize(Roles.READ)
    String evidenceRecord(@PathVariable String kind, @PathVariable String id, @PathVariable String record,
                          @RequestParam(value = "app-build", required = false) String appBuild, Model model) {
        EvidenceRecord rendered = evidenceRecordOf(kind, id, record, appBuild);
        model.addAttribute("record", rendered);
        model.addAttribute("recordPath", record);
        model.addAttribute("scope", Scope.parse(kind + "/" + id));
        model.addAttribute("appBuild", appBuild);
        model.addAttribute("markdown", EvidenceRecordMarkdown.render(rendered));
        page(model, "scope");
        return "console/evidence-record";
    }

    /** The same record as a file: Markdown for the incident folder, or JSON. */
    @GetMapping("/console/scopes/{kind}/{id}/evidence-records/{record}/download")
    @PreAuthorize(Roles.READ)
    ResponseEntity<?> downloadEvidenceRecord(@PathVariable String kind, @PathVariable String id, @PathVariable String record,
                                             @RequestParam(value = "app-build", required = false) String appBuild,
                                             @RequestParam(defaultValue = "markdown") String format) {
        EvidenceRecord rendered = evidenceRecordOf(kind, id, record, appBuild);
        String file = record + "-" + kind + "-" + id.replaceAll("[^A-Za-z0-9._-]", "_");
        return switch (format) {
            case "markdown" -> ResponseEntity.ok()
                    .contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file + ".md").build().toString())
                    .body(EvidenceRecordMarkdown.render(rendered));
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file + ".json").build().toString())
                    .body(rendered);
            default -> throw new ApiException(ApiProblem.INVALID_VALUE, "format '%s' is not markdown or json".formatted(format));
        };
    }

    private EvidenceRecord evidenceRecordOf(String kind, String id, String record, String appBuild) {
        EvidenceRecords.Kind recordKind = EvidenceRecords.Kind.byPath(record).orElseThrow(() -> new ApiException(ApiProblem.NOT_FOUND,
                "no evidence record '%s'".formatted(record)));
        String build = appBuild == null || appBuild.isBlank() ? null : appBuild.strip();
        if (recordKind == EvidenceRecords.Kind.LAUNCH_DAY_PRODUCTION_VALIDATION && build == null) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "app-build is required for the launch-day record");
        }
        return evidenceRecords.render(recordKind, new EvidenceRecords.Selection(Scope.parse(kind + "/" + id), List.of(), build,
                null, null, null));
    }

    private void scopeFacts(Scope scope, String appBuild, Model model) {
        freshness.awaitCaughtUp(ScopePostureProjector.PROCESSING_GROUP);
        model.addAttribute("posture", queries.query(new FindScopePosture(scope), ResponseTypes.instanceOf(ScopePostureView.class)).join());
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        model.addAttribute("manifest", queries.query(new FindActiveManifest(scope),
                ResponseTypes.optionalInstanceOf(ActiveManifestView.class)).join().orElse(null));
        model.addAttribute("rebinds", queries.query(new ListRebinds(scope, 20),
                ResponseTypes.multipleInstancesOf(RebindView.class)).join());
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        model.addAttribute("killSwitches", queries.query(new ListKillSwitches(scope, false),
                ResponseTypes.multipleInstancesOf(KillSwitchView.class)).join());
        freshness.awaitCaughtUp(NoGoGateProjector.PROCESSING_GROUP);
        String build = appBuild == null || appBuild.isBlank() ? null : new LaunchId(scope, appBuild.strip()).appBuild();
        Instant now = gate.now();
        model.addAttribute("gate", NoGoGateView.of(scope, build, now, gate.evaluate(scope, build, now)));
        model.addAttribute("evidenceRecords", EvidenceRecords.Kind.values());
        model.addAttribute("killSwitchKinds", KillSwitchKind.values());
    }

    private SeverityBoardView severityBoard() {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new ListSeverityBoard(), ResponseTypes.instanceOf(SeverityBoardView.class)).join();
    }

    private long logPosition() {
        return eventLog.head().orElse(-1);
    }

    private void page(Model model, String current) {
        model.addAttribute("caller", rights.current());
        model.addAttribute("current", current);
    }

    private static Instant instantOf(String at) {
        if (at == null || at.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(at.strip());
        } catch (DateTimeParseException unreadable) {
            throw new ApiException(ApiProblem.INVALID_VALUE, "at: '%s' is not an instant, e.g. 2026-12-03T20:00:00Z".formatted(at));
        }
    }
}
