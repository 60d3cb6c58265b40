package org.binkindly.ledger.api.rebind;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.consistency.NewIds;
import org.binkindly.ledger.api.incident.IncidentLookup;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ReportedTimes;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.api.web.WrittenAnswers;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindMode;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.command.DisableOverlay;
import org.binkindly.ledger.core.rebind.command.RecordActiveWrite;
import org.binkindly.ledger.core.rebind.command.RecordIntegrityReadback;
import org.binkindly.ledger.core.rebind.command.RecordManifestProbe;
import org.binkindly.ledger.core.rebind.command.RecordResolutionProbes;
import org.binkindly.ledger.core.rebind.command.StartRebind;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.IncidentView;
import org.binkindly.ledger.projections.rebind.FindRebind;
import org.binkindly.ledger.projections.rebind.ListRebinds;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.rebind.RebindView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
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
import java.util.Optional;

/**
 * Manifest rebinds: point a scope's active manifest back at its last known good, walking the
 * runbook's rollback checklist. AUTOMATIC rebinds are driven by the ledger (poll the rebind to
 * follow them); MANUAL ones record steps an operator did with another tool, with the same evidence.
 */
@RestController
@RequestMapping("/rebinds")
@Validated
@Tag(name = "Rebinds", description = "Roll a scope's active manifest back to last known good, with every step as evidence")
class RebindController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final ReportedTimes times;
    private final IncidentLookup incidents;
    /** The aggregate type the event store records for rebinds. */
    private static final String AGGREGATE_TYPE = "Rebind";

    private final NewIds newIds;
    private final WrittenAnswers answers;

    RebindController(CommandGateway commands, QueryGateway queries, ViewFreshness freshness, ReportedTimes times,
                     IncidentLookup incidents, NewIds newIds, WrittenAnswers answers) {
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
            body = RebindView.class,
            versioned = true,
            refusals = {RuleCode.INVALID_SCOPE, RuleCode.INCIDENT_NOT_FOUND, RuleCode.DRILL_LINKED_TO_INCIDENT,
                    RuleCode.LINK_ACROSS_SCOPES},
            problems = {ApiProblem.TIME_IN_FUTURE},
            example = "{\"scope\": \"locality/se-stockholm\", \"drill\": true}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Start a rebind (a drill with drill=true); objective timers start at badPublishConfirmedAt")
    ResponseEntity<?> start(@Valid @RequestBody RebindRequests.Start request) {
        Instant badPublishConfirmedAt = request.badPublishConfirmedAt();
        if (request.incidentId() != null) {
            IncidentView incident = incidents.linkedFrom(request.incidentId(), request.scope(), "the rebind");
            // Declaring a BAD_PUBLISH incident is the confirmation the objective counts from, not the rebind's start.
            if (badPublishConfirmedAt == null && incident.incidentClass() == IncidentClass.BAD_PUBLISH) {
                badPublishConfirmedAt = incident.declared().recordedAt();
            }
        }
        RebindId rebindId = newIds.next("rb-", RebindId::of, RebindId::generate);
        commands.sendAndWait(new StartRebind(rebindId, request.scope(), request.targetManifestId(), request.incidentId(),
                request.drill(), request.mode() == null ? RebindMode.AUTOMATIC : request.mode(),
                times.orNow(badPublishConfirmedAt, "badPublishConfirmedAt")));
        return answer(rebindId, HttpStatus.CREATED);
    }

    @GetMapping
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Rebinds, newest first; ?scope=kind/id narrows the list")
    List<RebindView> list(@RequestParam(required = false) String scope,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        return queries.query(new ListRebinds(scope == null ? null : Scope.parse(scope), limit),
                ResponseTypes.multipleInstancesOf(RebindView.class)).join();
    }

    @GetMapping("/{rebindId}")
    @Answers(versioned = true, refusals = {RuleCode.REBIND_NOT_FOUND})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "A rebind with every checklist step's evidence, its objective timings and any breach")
    ResponseEntity<RebindView> get(@PathVariable RebindId rebindId) {
        RebindView view = current(rebindId);
        return ResponseEntity.ok().eTag(etag(view)).body(view);
    }

    @PostMapping("/{rebindId}/manifest-probe")
    @Answers(body = RebindView.class,
            versioned = true,
            refusals = {RuleCode.REBIND_NOT_FOUND, RuleCode.REBIND_STEP_OUT_OF_ORDER, RuleCode.REBIND_FINISHED,
                    RuleCode.REBIND_EVIDENCE_REQUIRED, RuleCode.REBIND_TARGET_WRONG_SCOPE,
                    RuleCode.REBIND_TARGET_MISMATCH},
            problems = {ApiProblem.REBIND_NOT_MANUAL},
            example = """
                    {"target": {"manifestId": "lkg-2026-11-01", "scope": "locality/se-stockholm",
                     "packKey": "packs/locality/se-stockholm/2026-11-01.json",
                     "packSha256": "3b8e5d1f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b", "publishedAt": "2026-11-01T06:00:00Z",
                     "manifestSha256": "9f2c1e4a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d", "etag": "\\"lkg-etag\\""}}""")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "MANUAL: record the manifest probe (the active manifest and the target as read from storage)")
    ResponseEntity<?> manifestProbe(@PathVariable RebindId rebindId, @Valid @RequestBody RebindRequests.ManifestProbe request) {
        requireManual(rebindId);
        return send(rebindId, new RecordManifestProbe(rebindId, request.active() == null ? null : request.active().toStored(),
                request.target() == null ? null : request.target().toStored(), request.targetPackSha256Actual(), request.failure()));
    }

    @PostMapping("/{rebindId}/active-write")
    @Answers(body = RebindView.class,
            versioned = true,
            refusals = {RuleCode.REBIND_NOT_FOUND, RuleCode.REBIND_STEP_OUT_OF_ORDER, RuleCode.REBIND_FINISHED,
                    RuleCode.REBIND_EVIDENCE_REQUIRED},
            problems = {ApiProblem.REBIND_NOT_MANUAL},
            example = """
                    {"result": "WRITTEN", "etag": "\\"written-etag\\"", "versionId": "v-3"}""")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "MANUAL: record the write of the target to the active key, with storage's ETag")
    ResponseEntity<?> activeWrite(@PathVariable RebindId rebindId, @Valid @RequestBody RebindRequests.ActiveWrite request) {
        requireManual(rebindId);
        return send(rebindId, new RecordActiveWrite(rebindId, request.result(), request.etag(), request.versionId(), request.detail()));
    }

    @PostMapping("/{rebindId}/integrity-readback")
    @Answers(body = RebindView.class,
            versioned = true,
            refusals = {RuleCode.REBIND_NOT_FOUND, RuleCode.REBIND_STEP_OUT_OF_ORDER, RuleCode.REBIND_FINISHED,
                    RuleCode.REBIND_EVIDENCE_REQUIRED},
            problems = {ApiProblem.REBIND_NOT_MANUAL},
            example = """
                    {"manifestSha256": "9f2c1e4a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d",
                     "declaredPackSha256": "3b8e5d1f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b",
                     "packSha256Actual": "3b8e5d1f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b", "packBytes": 1024}""")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "MANUAL: record the readback: SHA-256 of the active manifest and of the pack bytes read")
    ResponseEntity<?> integrityReadback(@PathVariable RebindId rebindId,
                                                 @Valid @RequestBody RebindRequests.IntegrityReadback request) {
        requireManual(rebindId);
        return send(rebindId, new RecordIntegrityReadback(rebindId, request.manifestSha256(), request.declaredPackSha256(),
                request.packSha256Actual(), request.packBytes(), request.failure()));
    }

    @PostMapping("/{rebindId}/resolution-probes")
    @Answers(body = RebindView.class,
            versioned = true,
            refusals = {RuleCode.REBIND_NOT_FOUND, RuleCode.REBIND_STEP_OUT_OF_ORDER, RuleCode.REBIND_FINISHED,
                    RuleCode.REBIND_EVIDENCE_REQUIRED},
            problems = {ApiProblem.REBIND_NOT_MANUAL},
            example = """
                    {"probes": [{"target": "RESOLVER", "url": "https://resolver.example/locality/se-stockholm", "status": 200,
                     "latencyMillis": 35, "passed": true}]}""")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "MANUAL: record the post-rollback probe log of the resolver and rules API")
    ResponseEntity<?> resolutionProbes(@PathVariable RebindId rebindId,
                                                @Valid @RequestBody RebindRequests.ResolutionProbes request) {
        requireManual(rebindId);
        List<ResolutionProbe> probes = request.probes().stream()
                .map(probe -> new ResolutionProbe(probe.target(), probe.url(), probe.status(), probe.latencyMillis(),
                        probe.passed(), probe.detail()))
                .toList();
        return send(rebindId, new RecordResolutionProbes(rebindId, probes));
    }

    @PostMapping("/{rebindId}/overlay-disable")
    @Answers(body = RebindView.class,
            versioned = true,
            refusals = {RuleCode.REBIND_NOT_FOUND, RuleCode.TEXT_REQUIRED, RuleCode.TEXT_TOO_LONG},
            example = "{\"reason\": \"overlay masks the rebound manifest\"}")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Record that the scope's locality overlay was disabled and the baseline alone is served")
    ResponseEntity<?> disableOverlay(@PathVariable RebindId rebindId, @Valid @RequestBody RebindRequests.Overlay request) {
        answers.requireStored(AGGREGATE_TYPE, rebindId.value(), () -> notFound(rebindId));
        return send(rebindId, new DisableOverlay(rebindId, request.reason()));
    }

    private void requireManual(RebindId rebindId) {
        if (current(rebindId).rebind().mode() != RebindMode.MANUAL) {
            throw new ApiException(ApiProblem.REBIND_NOT_MANUAL,
                    "rebind %s is driven by the ledger itself; steps are recorded by hand only for MANUAL rebinds".formatted(rebindId));
        }
    }

    private ResponseEntity<?> send(RebindId rebindId, Object command) {
        commands.sendAndWait(command);
        return answer(rebindId, HttpStatus.OK);
    }

    /** The rebind as the view shows it after the write, or 202 if the view has not caught up with it. */
    private ResponseEntity<?> answer(RebindId rebindId, HttpStatus success) {
        return answers.afterWrite(RebindProjector.PROCESSING_GROUP, rebindId.value(), URI.create("/rebinds/" + rebindId),
                success, () -> find(rebindId), RebindView::version);
    }

    private RebindView current(RebindId rebindId) {
        return answers.view(RebindProjector.PROCESSING_GROUP, AGGREGATE_TYPE, rebindId.value(),
                () -> find(rebindId), () -> notFound(rebindId));
    }

    private Optional<RebindView> find(RebindId rebindId) {
        return queries.query(new FindRebind(rebindId), ResponseTypes.optionalInstanceOf(RebindView.class)).join();
    }

    private static LedgerRuleViolation notFound(RebindId rebindId) {
        return new LedgerRuleViolation(RuleCode.REBIND_NOT_FOUND, "no rebind " + rebindId);
    }

    private static String etag(RebindView view) {
        return "\"" + view.version() + "\"";
    }
}
