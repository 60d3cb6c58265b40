package org.binkindly.ledger.api.launch;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.config.GateProperties;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.launch.command.ArchiveBuildChecksum;
import org.binkindly.ledger.core.launch.command.CompleteExpansion;
import org.binkindly.ledger.core.launch.command.CompleteLaunch;
import org.binkindly.ledger.core.launch.ExpansionId;
import org.binkindly.ledger.core.launch.LaunchId;
import org.binkindly.ledger.core.launch.NoGoFinding;
import org.binkindly.ledger.core.launch.command.RecordFirstPublishValidation;
import org.binkindly.ledger.core.launch.command.RecordLiveAppFetch;
import org.binkindly.ledger.core.launch.SignOffArea;
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
import org.binkindly.ledger.projections.gate.EvaluateNoGoGate;
import org.binkindly.ledger.projections.gate.NoGoGateProjector;
import org.binkindly.ledger.projections.gate.NoGoGateView;
import org.binkindly.ledger.projections.launch.FindLaunch;
import org.binkindly.ledger.projections.launch.LaunchProjector;
import org.binkindly.ledger.projections.launch.LaunchView;
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
import java.time.Clock;
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
    private final GateProperties gate;
    private final Clock clock;

    LaunchController(CommandGateway commands, QueryGateway queries, ViewFreshness freshness, ManifestStore store,
                     ResolutionProber prober, GateProperties gate, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.freshness = freshness;
        this.store = store;
        this.prober = prober;
        this.gate = gate;
        this.clock = clock;
    }

    @GetMapping("/no-go-gate")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The runbook's five no-go rules for the scope: pass or block, evidence found or missing")
    NoGoGateView noGoGate(@PathVariable String kind, @PathVariable String id, @RequestParam(required = false) String appBuild) {
        Scope scope = scope(kind, id);
        return evaluate(scope, appBuild == null ? null : new LaunchId(scope, appBuild).appBuild());
    }

    @GetMapping("/launches/{appBuild}")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The launch-day validation of an app build: evidence, sign-offs, what is missing")
    LaunchView launch(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild) {
        return current(launchId(kind, id, appBuild));
    }

    @PostMapping("/launches/{appBuild}/production-config")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Record the verified production config: endpoints, auth keys present (never values), flags, kill-switch defaults")
    LaunchView productionConfig(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                                @Valid @RequestBody LaunchRequests.ProductionConfig request) {
        LaunchId launchId = launchId(kind, id, appBuild);
        commands.sendAndWait(new VerifyProductionConfig(launchId, request.apiEndpoints(), request.authKeys(),
                request.environmentFlags(), request.killSwitchDefaults()));
        return current(launchId);
    }

    @PostMapping("/launches/{appBuild}/first-publish")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Validate the first production publish: the ledger reads the active manifest and pack back and recomputes the checksum")
    LaunchView firstPublish(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
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
        return current(launchId);
    }

    @PostMapping("/launches/{appBuild}/live-fetch")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Probe the live app fetch path (resolver, rules API) for the scope's active manifest")
    LaunchView liveFetch(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild) {
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
        return current(launchId);
    }

    @PostMapping("/launches/{appBuild}/build-checksum")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Archive the SHA-256 of the final release build")
    LaunchView buildChecksum(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                             @Valid @RequestBody LaunchRequests.BuildChecksum request) {
        LaunchId launchId = launchId(kind, id, appBuild);
        commands.sendAndWait(new ArchiveBuildChecksum(launchId, request.artifact(), request.sha256(), request.location()));
        return current(launchId);
    }

    @PostMapping("/launches/{appBuild}/sign-offs/{area}")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Sign off for PRODUCT, ENGINEERING or QA, as the authenticated release owner; refused until the evidence passed")
    LaunchView signOff(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild,
                       @PathVariable SignOffArea area, org.springframework.security.core.Authentication caller) {
        if (!org.binkindly.ledger.api.security.SignOffAreas.maySign(caller, area)) {
            throw new org.binkindly.ledger.api.web.ApiException(org.binkindly.ledger.api.web.ApiProblem.FORBIDDEN,
                    "your token may not sign off %s (ledger.security.tokens[n].sign-off-areas)".formatted(area));
        }
        LaunchId launchId = launchId(kind, id, appBuild);
        current(launchId);
        commands.sendAndWait(new SignOffLaunch(launchId, area));
        return current(launchId);
    }

    @PostMapping("/launches/{appBuild}/completion")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Complete the launch; refused with 409 LAUNCH_BLOCKED and the blocking rules while any no-go rule blocks")
    LaunchView complete(@PathVariable String kind, @PathVariable String id, @PathVariable String appBuild) {
        LaunchId launchId = launchId(kind, id, appBuild);
        current(launchId);
        commands.sendAndWait(new CompleteLaunch(launchId, evaluate(launchId.scope(), launchId.appBuild()).findings()));
        return current(launchId);
    }

    @PostMapping("/expansions")
    @PreAuthorize(Roles.RELEASE)
    @Operation(summary = "Complete an expansion of the scope; refused with 409 EXPANSION_BLOCKED and the blocking rules while any blocks")
    ResponseEntity<Map<String, Object>> expand(@PathVariable String kind, @PathVariable String id,
                                               @Valid @RequestBody LaunchRequests.Expansion request) {
        Scope scope = scope(kind, id);
        List<NoGoFinding> findings = evaluate(scope, null).findings();
        ExpansionId expansionId = ExpansionId.generate();
        commands.sendAndWait(new CompleteExpansion(expansionId, scope, request.description(), findings));
        return ResponseEntity.created(URI.create("/scopes/%s/expansions/%s".formatted(scope, expansionId)))
                .body(Map.of("expansionId", expansionId.value(), "scope", scope.toString(),
                        "description", request.description(), "findings", findings));
    }

    private NoGoGateView evaluate(Scope scope, String appBuild) {
        freshness.awaitCaughtUp(NoGoGateProjector.PROCESSING_GROUP);
        return queries.query(new EvaluateNoGoGate(scope, appBuild, clock.instant(), gate.drillRecency()),
                ResponseTypes.instanceOf(NoGoGateView.class)).join();
    }

    private LaunchView current(LaunchId launchId) {
        freshness.awaitCaughtUp(LaunchProjector.PROCESSING_GROUP);
        return queries.query(new FindLaunch(launchId), ResponseTypes.optionalInstanceOf(LaunchView.class)).join()
                .orElseThrow(() -> new LedgerRuleViolation(RuleCode.LAUNCH_NOT_FOUND,
                        "no launch-day validation of build %s for %s yet".formatted(launchId.appBuild(), launchId.scope())));
    }

    private static LaunchId launchId(String kind, String id, String appBuild) {
        return new LaunchId(scope(kind, id), appBuild);
    }

    private static Scope scope(String kind, String id) {
        return Scope.of(ScopeKind.fromPathSegment(kind), id);
    }
}
