package org.binkindly.ledger.api.incident;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.incident.ListSeverityBoard;
import org.binkindly.ledger.projections.incident.SeverityBoardView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The severity board: what is open, where, and how bad, most severe first. */
@RestController
@Tag(name = "Severity board")
class BoardController {

    private final QueryGateway queries;
    private final ViewFreshness freshness;

    BoardController(QueryGateway queries, ViewFreshness freshness) {
        this.queries = queries;
        this.freshness = freshness;
    }

    @GetMapping("/board")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Open incidents per scope, highest severity first")
    SeverityBoardView board() {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        return queries.query(new ListSeverityBoard(), ResponseTypes.instanceOf(SeverityBoardView.class)).join();
    }
}
