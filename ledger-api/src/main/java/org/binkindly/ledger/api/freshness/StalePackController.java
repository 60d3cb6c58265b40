package org.binkindly.ledger.api.freshness;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.freshness.PackFreshnessWatch;
import org.binkindly.ledger.projections.freshness.ListPackFreshness;
import org.binkindly.ledger.projections.freshness.PackFreshnessProjector;
import org.binkindly.ledger.projections.freshness.PackFreshnessView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/** The stale-pack watch: each supported scope's active pack age against its threshold, and a check on demand. */
@RestController
@RequestMapping("/stale-pack")
@Tag(name = "Stale-pack watch", description = "Freshness of each supported scope's active pack against its threshold")
class StalePackController {

    private final PackFreshnessWatch watch;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final Clock clock;

    StalePackController(PackFreshnessWatch watch, QueryGateway queries, ViewFreshness freshness, Clock clock) {
        this.watch = watch;
        this.queries = queries;
        this.freshness = freshness;
        this.clock = clock;
    }

    @GetMapping
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Every watched scope: threshold, active manifest, its age now, whether it is in breach")
    List<PackFreshnessView> scopes() {
        freshness.awaitCaughtUp(PackFreshnessProjector.PROCESSING_GROUP);
        return queries.query(new ListPackFreshness(clock.instant()), ResponseTypes.multipleInstancesOf(PackFreshnessView.class))
                .join();
    }

    @PostMapping("/checks")
    @PreAuthorize(Roles.RESPOND)
    @Operation(summary = "Check every supported scope now, as the scheduled watch does, and answer what was read")
    List<PackFreshnessWatch.Check> checkNow() {
        return watch.checkAll();
    }
}
