package org.binkindly.ledger.api.launch;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.launch.ExpansionId;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.NoGoGate;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.binkindly.ledger.core.launch.command.ArchiveBuildChecksum;
import org.binkindly.ledger.core.launch.command.CompleteExpansion;
import org.binkindly.ledger.core.launch.command.CompleteLaunch;
import org.binkindly.ledger.core.launch.command.RecordFirstPublishValidation;
import org.binkindly.ledger.core.launch.command.RecordLiveAppFetch;
import org.binkindly.ledger.core.launch.command.SignOffLaunch;
import org.binkindly.ledger.core.launch.command.VerifyProductionConfig;
import org.binkindly.ledger.core.rebind.ManifestStore;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.ResolutionProber;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.core.shared.Texts;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.gate.NoGoGateView;
import org.binkindly.ledger.projections.launch.ExpansionView;
import org.binkindly.ledger.projections.launch.FindLaunch;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.binkindly.ledger.projections.launch.LaunchView;
import org.binkindly.ledger.projections.launch.ListExpansions;
import org.binkindly.ledger.projections.launch.ListLaunches;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launch-day validation of an app build for a scope, the no-go gate, and the launches and
 * expansions it guards. Storage reads and probes are done by the ledger itself, so the evidence is
 * what the ledger saw, not what someone typed.
 */
@RestController
@RequestMapping("/scopes/{kind}/{id}")
@Tag(name = "Launch day and no-go gate", description = "Launch-day validation, the runbook's no-go rules, launches and expansions")
class LaunchController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final ManifestStore store;
    private final ResolutionProber prober;
    private final NoGoGate gate;
    private final WrittenAnswers answers;

    /** The aggregate type the event store records for launch-day validations. */
    private static final String AGGREGATE_TYPE = "Launch";

    LaunchController(CommandGateway commands, QueryGateway queries, ViewFreshness freshness, ManifestStore store,
                     ResolutionProber prober, NoGoGate gate, WrittenAnswers answers) {
        this.answers = answers;
        this.commands = commands;
        this.queries = queries;
        this.freshness = freshness;
        this.store = store;
        this.prober = prober;
        this.gate = gate;
    }

    @GetMapping("/no-go-gate")
    @Answers(refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The runbook's no-go rules for the scope (the five, and open incidents halting expansion): pass or block, evidence found or missing")
    NoGoGateView noGoGate(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String appBuild) {
        Scope scope = scope(kind, id);
        String build = appBuild == null ? null : new LaunchId(scope, appBuild).appBuild();
        awaitGateFacts();
        Instant now = gate.now();
        return NoGoGateView.of(scope, build, now, gate.evaluate(scope, build, now));
    }

    @GetMapping("/launches")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The scope's launch-day validations, one per app build: evidence, sign-offs, validated, completed")
    List<LaunchView> launches(@PathVariable String kind, @PathVariable String id) {
        Scope scope = scope(kind, id);
        freshness.awaitCaughtUp(LaunchProjector.PROCESSING_GROUP);
        return queries.query(new ListLaunches(scope), ResponseTypes.multipleInstancesOf(LaunchView.class)).join();
    }

    @GetMapping("/expansions")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The scope's completed expansions, newest first, each with who completed it and the gate's findings")
    List<ExpansionView> expansions(@PathVariable String kind, @PathVariable String id) {
        Scope scope = scope(kind, id);
        freshness.awaitCaughtUp(LaunchProjector.PROCESSING_GROUP);
        return queries.query(new ListExpansions(scope), ResponseTypes.multipleInstancesOf(ExpansionView.class)).join();
    }

    @GetMapping("/launches/{appBuild}")
    @Answers(refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD, RuleCode.LAUNCH_NOT_FOUND},
            problems = {ApiProblem.VIEW_PENDING})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The launch-day validation of an app build: evidence, sign-offs, what is missing")
    LaunchView launch(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild) {
        return current(launchId(kind, id, appBuild));
    }

    @PostMapping("/launches/{appBuild}/production-config")
    @Answers(body = LaunchView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD, RuleCode.TEXT_TOO_LONG},
            example = """
                    {"apiEndpoints": ["https://api.binkindly.example/v1"], "authKeys": {"RESOLVER_API_KEY": true},
                     "environmentFlags": {"ENV": "production"}, "killSwitchDefaults": {"AI_LANE": "armed", "BAD_PACK": "armed"}}""")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Record the verified production config: endpoints, auth keys present (never values), flags, kill-switch defaults")
    ResponseEntity<?> productionConfig(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                                @Valid @RequestBody LaunchRequests.ProductionConfig request) {
        LaunchId launchId = launchId(kind, id, appBuild);
        commands.sendAndWait(new VerifyProductionConfig(launchId, request.apiEndpoints(), request.authKeys(),
                request.environmentFlags(), request.killSwitchDefaults()));
        return answer(launchId);
    }

    @PostMapping("/launches/{appBuild}/first-publish")
    @Answers(body = LaunchView.class, versioned = true, refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD},
            example = "{\"expectedManifestId\": \"launch-2026-11-27\"}")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Validate the first production publish: the ledger reads the active manifest and pack back and recomputes the checksum")
    ResponseEntity<?> firstPublish(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                            @Valid @RequestBody(required = false) LaunchRequests.FirstPublish request) {
        LaunchId launchId = launchId(kind, id, appBuild);
        ManifestStore.Readback readback = store.readBack(launchId.scope());
        Optional<StoredManifest> active = readback.active();
        String expected = request == null ? null : Texts.optional(request.expectedManifestId(), "expected manifest id");
        String failure = readback.failed() ? Texts.clipped(readback.failure())
                : active.isEmpty() ? "scope %s has no active manifest".formatted(launchId.scope())
                : expected != null && !expected.equals(active.get().manifestId())
                ? "the active manifest is %s, not the expected %s".formatted(active.get().manifestId(), expected) : null;
        commands.sendAndWait(new RecordFirstPublishValidation(launchId, active.map(StoredManifest::manifestId).orElse(null),
                active.map(StoredManifest::publishedAt).orElse(null), active.map(StoredManifest::manifestSha256).orElse(null),
                active.map(StoredManifest::packSha256).orElse(null), readback.packSha256Actual(), failure));
        return answer(launchId);
    }

    @PostMapping("/launches/{appBuild}/live-fetch")
    @Answers(body = LaunchView.class, versioned = true, refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD})
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Probe the live app fetch path (resolver, rules API) for the scope's active manifest")
    ResponseEntity<?> liveFetch(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild) {
        LaunchId launchId = launchId(kind, id, appBuild);
        StoredManifest active = store.probe(launchId.scope()).active().orElse(null);
        List<ResolutionProbe> probes = prober.probe(launchId.scope(), active).stream()
                .map(probe -> new ResolutionProbe(probe.target(), Texts.clipped(probe.url()), probe.status(),
                        probe.latencyMillis(), probe.passed() && active != null, Texts.clipped(probe.detail())))
                .toList();
        if (probes.isEmpty()) {
            probes = List.of(new ResolutionProbe(ResolutionProbe.Target.RESOLVER, "(none configured)", 0, 0, false,
                    "no resolver or rules API probe is configured (ledger.probes.*)"));
        }
        commands.sendAndWait(new RecordLiveAppFetch(launchId, active == null ? null : active.manifestId(), probes));
        return answer(launchId);
    }

    @PostMapping("/launches/{appBuild}/build-checksum")
    @Answers(body = LaunchView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD, RuleCode.INVALID_CHECKSUM,
                    RuleCode.TEXT_TOO_LONG},
            example = "{\"artifact\": \"binkindly-app-2.4.1.aab\", "
                    + "\"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\", "
                    + "\"location\": \"s3://builds/2.4.1/\"}")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Archive the SHA-256 of the final release build")
    ResponseEntity<?> buildChecksum(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                             @Valid @RequestBody LaunchRequests.BuildChecksum request) {
        LaunchId launchId = launchId(kind, id, appBuild);
        commands.sendAndWait(new ArchiveBuildChecksum(launchId, request.artifact(), request.sha256(), request.location()));
        return answer(launchId);
    }

    @PostMapping("/launches/{appBuild}/sign-offs/{area}")
    @Answers(body = LaunchView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD, RuleCode.LAUNCH_NOT_FOUND,
                    RuleCode.LAUNCH_EVIDENCE_INCOMPLETE, RuleCode.SIGNER_ALREADY_SIGNED})
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Sign off for PRODUCT, ENGINEERING or QA, as the authenticated release owner; refused until the evidence passed")
    ResponseEntity<?> signOff(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                              @PathVariable SignOffArea area, org.springframework.security.core.Authentication caller) {
        if (!org.binkindly.ledger.api.security.SignOffAreas.maySign(caller, area)) {
            throw new org.binkindly.ledger.api.web.ApiException(org.binkindly.ledger.api.web.ApiProblem.FORBIDDEN,
                    "your token may not sign off %s (ledger.security.tokens[n].sign-off-areas)".formatted(area));
        }
        LaunchId launchId = launchId(kind, id, appBuild);
        commands.sendAndWait(new SignOffLaunch(launchId, area));
        return answer(launchId);
    }

    @PostMapping("/launches/{appBuild}/completion")
    @Answers(body = LaunchView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.INVALID_APP_BUILD, RuleCode.LAUNCH_NOT_FOUND,
                    RuleCode.LAUNCH_BLOCKED})
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Complete the launch; refused with 409 LAUNCH_BLOCKED and the blocking rules while any no-go rule blocks")
    ResponseEntity<?> complete(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild) {
        LaunchId launchId = launchId(kind, id, appBuild);
        awaitGateFacts();
        commands.sendAndWait(new CompleteLaunch(launchId));
        return answer(launchId);
    }

    @PostMapping("/expansions")
    @Answers(status = HttpStatus.CREATED,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.TEXT_REQUIRED, RuleCode.TEXT_TOO_LONG,
                    RuleCode.EXPANSION_BLOCKED},
            example = "{\"description\": \"add se-uppsala to the Stockholm pack\"}")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Complete an expansion of the scope; refused with 409 EXPANSION_BLOCKED and the blocking rules while any blocks")
    ResponseEntity<Map<String, Object>> expand(@PathVariable String kind, @PathVariable String id,
                                               @Valid @RequestBody LaunchRequests.Expansion request) {
        Scope scope = scope(kind, id);
        ExpansionId expansionId = ExpansionId.generate();
        awaitGateFacts();
        List<NoGoFinding> findings = commands.sendAndWait(new CompleteExpansion(expansionId, scope, request.description()));
        return ResponseEntity.created(URI.create("/scopes/%s/expansions/%s".formatted(scope, expansionId)))
                .body(Map.of("expansionId", expansionId.value(), "scope", scope.toString(),
                        "description", request.description(), "findings", findings));
    }

    /** The gate's facts come from a view: let it catch up with the log first, so it judges everything recorded so far. */
    private void awaitGateFacts() {
        freshness.awaitCaughtUp(NoGoGateProjector.PROCESSING_GROUP);
    }

    /** The launch as the view shows it after the write, or 202 if the view has not caught up with it. */
    private ResponseEntity<?> answer(LaunchId launchId) {
        URI location = URI.create("/scopes/%s/launches/%s".formatted(launchId.scope(), launchId.appBuild()));
        return answers.afterWrite(LaunchProjector.PROCESSING_GROUP, launchId.toString(), location, HttpStatus.OK,
                () -> find(launchId), LaunchView::version);
    }

    private LaunchView current(LaunchId launchId) {
        return answers.view(LaunchProjector.PROCESSING_GROUP, AGGREGATE_TYPE, launchId.toString(),
                () -> find(launchId), () -> notFound(launchId));
    }

    private Optional<LaunchView> find(LaunchId launchId) {
        return queries.query(new FindLaunch(launchId), ResponseTypes.optionalInstanceOf(LaunchView.class)).join();
    }

    private static LedgerRuleViolation notFound(LaunchId launchId) {
        return new LedgerRuleViolation(RuleCode.LAUNCH_NOT_FOUND,
                "no launch-day validation of build %s for %s yet".formatted(launchId.appBuild(), launchId.scope()));
    }

    private static LaunchId launchId(String kind, String id, String appBuild) {
        return new LaunchId(scope(kind, id), appBuild);
    }

    private static Scope scope(String kind, String id) {
        return Scope.of(ScopeKind.fromPathSegment(kind), id);
    }
}
