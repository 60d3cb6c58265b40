package org.binkindly.ledger.api.review;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.binkindly.ledger.projections.killswitch.KillSwitchProjector;
import org.binkindly.ledger.projections.rebind.RebindProjector;
import org.binkindly.ledger.projections.review.IncidentReviewsView;
import org.binkindly.ledger.projections.review.ListIncidentReviews;
import org.binkindly.ledger.projections.review.ListRecurrences;
import org.binkindly.ledger.projections.review.ListRollbackReviews;
import org.binkindly.ledger.projections.review.RecurrencesView;
import org.binkindly.ledger.projections.review.RollbackReviewsView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Post-incident review queries: time to first containment and to restore, the rollback objective, counts, recurrences. */
@RestController
@RequestMapping("/reviews")
@Validated
@Tag(name = "Reviews", description = "Post-incident review measures over a period")
class ReviewController {

    private final QueryGateway queries;
    private final ViewFreshness freshness;

    ReviewController(QueryGateway queries, ViewFreshness freshness) {
        this.queries = queries;
        this.freshness = freshness;
    }

    @GetMapping("/incidents")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Incidents detected in [from, to) by class and scope, each with time to first containment, time to "
            + "restore and the rollback objective; totals by class and scope, medians and worst")
    IncidentReviewsView incidents(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                  @RequestParam(name = "class", required = false) IncidentClass incidentClass,
                                  @RequestParam(required = false) String scope,
                                  @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        period(from, to);
        awaitViews();
        return queries.query(new ListIncidentReviews(incidentClass, scope(scope), from, to, limit),
                ResponseTypes.instanceOf(IncidentReviewsView.class)).join();
    }

    @GetMapping("/rollbacks")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Rebinds started in [from, to), drills or real (drill=true|false), met or missed against the rollback "
            + "objective; whether a drill has proven it")
    RollbackReviewsView rollbacks(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                  @RequestParam(required = false) String scope, @RequestParam(required = false) Boolean drill,
                                  @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        period(from, to);
        awaitViews();
        return queries.query(new ListRollbackReviews(scope(scope), drill, from, to, limit),
                ResponseTypes.instanceOf(RollbackReviewsView.class)).join();
    }

    @GetMapping("/recurrences")
    @Answers(refusals = {RuleCode.INVALID_SCOPE})
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Repeated recurrence in [from, to): per class and scope, the incidents flagged and what they repeated")
    RecurrencesView recurrences(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                @RequestParam(required = false) String scope) {
        period(from, to);
        awaitViews();
        return queries.query(new ListRecurrences(scope(scope), from, to), ResponseTypes.instanceOf(RecurrencesView.class)).join();
    }

    private void awaitViews() {
        freshness.awaitCaughtUp(IncidentViewProjector.PROCESSING_GROUP);
        freshness.awaitCaughtUp(KillSwitchProjector.PROCESSING_GROUP);
        freshness.awaitCaughtUp(RebindProjector.PROCESSING_GROUP);
    }

    private static Scope scope(String scope) {
        return scope == null || scope.isBlank() ? null : Scope.parse(scope.strip());
    }

    private static void period(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "from (%s) must be before to (%s)".formatted(from, to));
        }
    }
}
