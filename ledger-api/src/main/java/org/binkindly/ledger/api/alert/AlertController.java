package org.binkindly.ledger.api.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.adapters.alertmanager.AlertMapping;
import org.binkindly.ledger.adapters.alertmanager.AlertMatrix;
import org.binkindly.ledger.adapters.alertmanager.AlertmanagerDeliveries;
import org.binkindly.ledger.adapters.alertmanager.AlertmanagerPayload;
import org.binkindly.ledger.adapters.alertmanager.MalformedDelivery;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.core.alert.policy.AlertCorrelationPolicy;
import org.binkindly.ledger.projections.alert.AlertDeliveryView;
import org.binkindly.ledger.projections.alert.AlertIntakeProjector;
import org.binkindly.ledger.projections.alert.ListAlertDeliveries;
import org.binkindly.ledger.projections.alert.ListLostAlerts;
import org.binkindly.ledger.projections.alert.ListUnmappedAlerts;
import org.binkindly.ledger.projections.alert.LostAlertsView;
import org.binkindly.ledger.projections.alert.UnmappedAlertView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Alertmanager's webhook receiver and what arrived through it. The receiver answers 2xx for every
 * delivery it could read, mapped or not, so Alertmanager never retries one forever; it answers
 * 4xx (no retry) only for a body that is not a webhook payload, and a 5xx only when the ledger
 * itself failed, which Alertmanager retries and the intake then absorbs as the same delivery.
 */
@RestController
@RequestMapping("/alerts")
@Validated
@Tag(name = "Alerts", description = "Alertmanager webhook intake; deliveries, unmapped and lost alerts")
class AlertController {

    private final AlertIntake intake;
    private final AlertMatrix matrix;
    private final QueryGateway queries;
    private final ViewFreshness freshness;
    private final MeterRegistry meters;
    private final EventProcessingConfiguration processing;

    AlertController(AlertIntake intake, AlertMatrix matrix, QueryGateway queries, ViewFreshness freshness, MeterRegistry meters,
                    EventProcessingConfiguration processing) {
        this.processing = processing;
        this.intake = intake;
        this.matrix = matrix;
        this.queries = queries;
        this.freshness = freshness;
        this.meters = meters;
    }

    /**
     * What the receiver tells Alertmanager (and a person reading its log) about one delivery.
     *
     * @param deliveryId the delivery's id, assigned by the ledger
     * @param repeatedDelivery true when the same delivery was on record already: answered from its record
     * @param alerts how many alerts the delivery carried
     * @param opened how many opened a new incident
     * @param attached how many were attached to an open incident
     * @param duplicates how many were on record already
     * @param resolutions how many resolutions were recorded
     * @param unmapped how many the alert matrix could not route
     * @param drills how many were drill alerts
     * @param lostAlerts how many alerts Alertmanager left out of the delivery (truncatedAlerts)
     * @param report each alert's outcome
     */
    record IntakeAnswer(String deliveryId, boolean repeatedDelivery, int alerts, long opened, long attached, long duplicates,
                        long resolutions, long unmapped, long drills, int lostAlerts, AlertIntake.Report report) {
    }

    /**
     * The body is read here, not by the strict request reader every other endpoint uses: an alert with
     * unstorable text is kept (marked), never refused. Refusals are counted by {@link AlertIntakeRefusals}.
     */
    @PostMapping("/alertmanager")
    @PreAuthorize(Roles.ALERT_INTAKE)
    @Operation(summary = "Alertmanager webhook (payload version 4); idempotent per delivery",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    mediaType = "application/json",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = AlertmanagerPayload.class),
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "firing", value = """
                            {"version": "4", "status": "firing", "receiver": "ledger", "groupKey": "{}:{scope=\\"locality/se-stockholm\\"}",
                             "truncatedAlerts": 0, "alerts": [{"status": "firing", "fingerprint": "5e1a7b3c9d2f4e60",
                             "labels": {"alertname": "PublishBlocked", "scope": "locality/se-stockholm"},
                             "annotations": {"summary": "publish_blocked three times at the verifier gate"},
                             "startsAt": "2026-11-27T03:00:00Z", "endsAt": "0001-01-01T00:00:00Z"}]}"""))))
    IntakeAnswer receive(@RequestBody byte[] body, Authentication caller) {
        IncomingDelivery delivery;
        try {
            delivery = AlertmanagerDeliveries.read(body, Instant.now());
        } catch (MalformedDelivery malformed) {
            throw new ApiException(malformed.notJson() ? ApiProblem.MALFORMED_REQUEST : ApiProblem.INVALID_VALUE,
                    malformed.getMessage());
        }
        // An exact repeat (Alertmanager re-sends every repeat interval) is answered from its record at once.
        // Otherwise an incident declared by hand just before this delivery is adopted first, so the alert
        // attaches to it; only where the adopting policy runs: another node would wait out the whole timeout for nothing.
        AlertIntake.Report report = intake.repeatOf(delivery).orElseGet(() -> {
            if (adoptionRunsHere()) {
                freshness.awaitCaughtUp(AlertCorrelationPolicy.PROCESSING_GROUP);
            }
            return intake.receive(delivery, caller.getName());
        });
        meters.counter("ledger.alert.intake.deliveries", "result", report.repeatedDelivery() ? "repeated" : "new").increment();
        report.outcomes().forEach(outcome ->
                meters.counter("ledger.alert.intake.alerts", "result", outcome.result().name().toLowerCase()).increment());
        if (!report.repeatedDelivery() && report.lostAlerts() > 0) {
            meters.counter("ledger.alert.intake.lost.alerts").increment(report.lostAlerts());
        }
        return new IntakeAnswer(report.deliveryId().value(), report.repeatedDelivery(), report.outcomes().size(),
                report.count(IntakeResult.OPENED), report.count(IntakeResult.ATTACHED), report.count(IntakeResult.DUPLICATE)
                + report.count(IntakeResult.RESOLUTION_DUPLICATE), report.count(IntakeResult.RESOLUTION_RECORDED),
                report.count(IntakeResult.UNMAPPED), report.count(IntakeResult.DRILL), report.lostAlerts(), report);
    }

    private boolean adoptionRunsHere() {
        return processing.eventProcessorByProcessingGroup(AlertCorrelationPolicy.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> !processor.processingStatus().isEmpty())
                .orElse(false);
    }

    @GetMapping("/deliveries")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The latest deliveries, newest first, with each alert's outcome")
    List<AlertDeliveryView> deliveries(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        freshness.awaitCaughtUp(AlertIntakeProjector.PROCESSING_GROUP);
        return queries.query(new ListAlertDeliveries(limit), ResponseTypes.multipleInstancesOf(AlertDeliveryView.class)).join();
    }

    @GetMapping("/unmapped")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Alerts the alert matrix could not route, as they arrived, with the reason")
    List<UnmappedAlertView> unmapped(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        freshness.awaitCaughtUp(AlertIntakeProjector.PROCESSING_GROUP);
        return queries.query(new ListUnmappedAlerts(limit), ResponseTypes.multipleInstancesOf(UnmappedAlertView.class)).join();
    }

    @GetMapping("/lost")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "Alerts Alertmanager truncated (truncatedAlerts): the total, and the deliveries that lost some")
    LostAlertsView lost(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        freshness.awaitCaughtUp(AlertIntakeProjector.PROCESSING_GROUP);
        return queries.query(new ListLostAlerts(limit), ResponseTypes.instanceOf(LostAlertsView.class)).join();
    }

    @GetMapping("/matrix")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The alert matrix in force: alert name → incident class, severity, stated facts, first action")
    List<AlertMapping> routes() {
        return matrix.rows();
    }
}
