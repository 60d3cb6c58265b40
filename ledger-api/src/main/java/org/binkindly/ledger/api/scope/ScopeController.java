package org.binkindly.ledger.api.scope;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.binkindly.ledger.projections.posture.FindScopePosture;
import org.binkindly.ledger.projections.posture.ListScopePostures;
import org.binkindly.ledger.projections.posture.ScopePostureProjector;
import org.binkindly.ledger.projections.posture.ScopePostureView;
import org.binkindly.ledger.projections.rebind.ActiveManifestView;
import org.binkindly.ledger.projections.rebind.FindActiveManifest;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What the ledger knows about a scope: its posture and its active manifest. */
@RestController
@RequestMapping("/scopes")
@Tag(name = "Scopes", description = "Posture (degraded, graduation frozen, publish paused) and the active manifest per scope")
class ScopeController {

    private final QueryGateway queries;
    private final ViewFreshness freshness;

    ScopeController(QueryGateway queries, ViewFreshness freshness) {
        this.queries = queries;
        this.freshness = freshness;
    }

    @GetMapping("/posture")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Every scope that is degraded, graduation-frozen or publish-paused right now")
    List<ScopePostureView> postures() {
        freshness.awaitCaughtUp(ScopePostureProjector.PROCESSING_GROUP);
        return queries.query(new ListScopePostures(), ResponseTypes.multipleInstancesOf(ScopePostureView.class)).join();
    }

    @GetMapping("/{kind}/{id}/posture")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "A scope's posture and why; while publish is paused, the runbook's public wording")
    ScopePostureView posture(@PathVariable String kind, @PathVariable String id) {
        Scope scope = Scope.of(ScopeKind.fromPathSegment(kind), id);
        freshness.awaitCaughtUp(ScopePostureProjector.PROCESSING_GROUP);
        return queries.query(new FindScopePosture(scope), ResponseTypes.instanceOf(ScopePostureView.class)).join();
    }

    @GetMapping("/{kind}/{id}/manifest")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The scope's active and last-known-good manifest as last probed or written, with integrity state")
    ActiveManifestView manifest(@PathVariable String kind, @PathVariable String id) {
        Scope scope = Scope.of(ScopeKind.fromPathSegment(kind), id);
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
        return queries.query(new FindActiveManifest(scope), ResponseTypes.optionalInstanceOf(ActiveManifestView.class))
                .join().orElseThrow(() -> new ApiException(ApiProblem.NOT_FOUND,
                        "the ledger has not probed or rebound the manifest of " + scope + " yet"));
    }
}
