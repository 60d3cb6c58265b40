package org.binkindly.ledger.api.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.adapters.alertmanager.AlertMapping;
import org.binkindly.ledger.adapters.alertmanager.AlertMatrix;
import org.binkindly.ledger.adapters.alertmanager.AlertmanagerDeliveries;
import org.binkindly.ledger.adapters.alertmanager.AlertmanagerPayload;
import org.binkindly.ledger.adapters.alertmanager.MalformedDelivery;
import org.binkindly.ledger.api.config.AlertProperties;
import org.binkindly.ledger.api.security.Roles;
import org.binkindly.ledger.api.web.Answers;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.alert.AlertDeliveryId;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.alert.DeliveryReceipt;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.binkindly.ledger.core.alert.IntakeResult;
import org.binkindly.ledger.projections.alert.AlertDeliveryView;
import org.binkindly.ledger.projections.alert.AlertIntakeProjector;
import org.binkindly.ledger.projections.alert.FindAlertDelivery;
import org.binkindly.ledger.projections.alert.ListAlertDeliveries;
import org.binkindly.ledger.projections.alert.ListLostAlerts;
import org.binkindly.ledger.projections.alert.ListUnmappedAlerts;
import org.binkindly.ledger.projections.alert.LostAlertsView;
import org.binkindly.ledger.projections.alert.UnmappedAlertView;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    private final AlertProperties properties;

    AlertController(AlertIntake intake, AlertMatrix matrix, QueryGateway queries, ViewFreshness freshness, MeterRegistry meters,
                    AlertProperties properties) {
        this.properties = properties;
        this.intake = intake;
        this.matrix = matrix;
        this.queries = queries;
        this.freshness = freshness;
        this.meters = meters;
    }

    /**
     * What the receiver tells Alertmanager (and a person reading its log) about one delivery.
     *
     * @param deliveryId the delivery's id, assigned by the ledger (a digest of its content)
     * @param repeatedDelivery true when the same delivery was on record already: nothing new was written
     * @param routed true when every alert of the delivery has been routed and the counts and report say what became of
     *               each; false (answered with 202) while routing goes on: read the delivery under /alerts/deliveries
     * @param alerts how many alerts the delivery carried
     * @param opened how many opened a new incident
     * @param attached how many were attached to an open incident
     * @param duplicates how many were on record already
     * @param resolutions how many resolutions were recorded
     * @param unmapped how many the alert matrix could not route
     * @param drills how many were drill alerts
     * @param lostAlerts how many alerts Alertmanager left out of the delivery (truncatedAlerts)
     * @param report each alert's outcome (empty while routing goes on)
     */
    record IntakeAnswer(String deliveryId, boolean repeatedDelivery, boolean routed, int alerts, long opened, long attached,
                        long duplicates, long resolutions, long unmapped, long drills, int lostAlerts, AlertIntake.Report report) {

        static IntakeAnswer of(AlertIntake.Report report, boolean repeatedDelivery) {
            return new IntakeAnswer(report.deliveryId().value(), repeatedDelivery, true, report.outcomes().size(),
                    report.count(IntakeResult.OPENED), report.count(IntakeResult.ATTACHED), report.count(IntakeResult.DUPLICATE)
                    + report.count(IntakeResult.RESOLUTION_DUPLICATE), report.count(IntakeResult.RESOLUTION_RECORDED),
                    report.count(IntakeResult.UNMAPPED), report.count(IntakeResult.DRILL), report.lostAlerts(), report);
        }

        static IntakeAnswer routing(IncomingDelivery delivery, boolean repeatedDelivery) {
            int lost = Math.max(0, delivery.truncatedAlerts());
            return new IntakeAnswer(delivery.deliveryId().value(), repeatedDelivery, false, delivery.alerts().size(), 0, 0, 0,
                    0, 0, 0, lost, new AlertIntake.Report(delivery.deliveryId(), repeatedDelivery, List.of(), lost));
        }
    }

    /**
     * The body is read here, not by the strict request reader every other endpoint uses: an alert with
     * unstorable text is kept (marked), never refused. Refusals are counted by {@link AlertIntakeRefusals}.
     * The delivery is put on record first and acknowledged once it is (routing goes on without holding
     * Alertmanager past its timeout); the answer waits up to {@code wait} for the routing, to say what
     * became of each alert.
     */
    @PostMapping("/alertmanager")
    @PreAuthorize(Roles.ALERT_INTAKE)
    @Answers(accepted = "The delivery is on record and will be routed, but routing had not finished within `wait`: "
            + "`routed` is false; its outcomes appear under `GET /alerts/deliveries` (Alertmanager counts any 2xx as delivered)")
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
    ResponseEntity<IntakeAnswer> receive(@RequestBody byte[] body,
                                         @Parameter(description = "How long to wait for the delivery's alerts to be routed "
                                                 + "before answering 202 (ISO 8601, at most PT60S); default "
                                                 + "`ledger.alerts.answer-within` (250 ms)")
                                         @RequestParam(required = false) Duration wait,
                                         Authentication caller) {
        if (wait != null && (wait.isNegative() || wait.compareTo(LONGEST_WAIT) > 0)) {
            throw new ApiException(ApiProblem.VALIDATION_FAILED, "wait must lie between PT0S and " + LONGEST_WAIT);
        }
        IncomingDelivery delivery;
        try {
            delivery = AlertmanagerDeliveries.read(body, Instant.now());
        } catch (MalformedDelivery malformed) {
            throw new ApiException(malformed.notJson() ? ApiProblem.MALFORMED_REQUEST : ApiProblem.INVALID_VALUE,
                    malformed.getMessage());
        }
        // An exact repeat (Alertmanager re-sends every repeat interval) is answered from its record at once.
        Optional<AlertIntake.Report> repeat = intake.repeatOf(delivery);
        boolean repeated = repeat.isPresent() || intake.accept(delivery, caller.getName()) != DeliveryReceipt.RECEIVED;
        meters.counter("ledger.alert.intake.deliveries", "result", repeated ? "repeated" : "new").increment();
        Optional<AlertIntake.Report> routed = repeat.isPresent() ? repeat
                : awaitRouting(delivery, repeated, wait == null ? properties.answerWithin() : wait);
        URI location = URI.create("/alerts/deliveries/" + delivery.deliveryId());
        return routed.map(report -> ResponseEntity.ok().location(location).body(IntakeAnswer.of(report, repeated)))
                .orElseGet(() -> ResponseEntity.accepted().location(location).body(IntakeAnswer.routing(delivery, repeated)));
    }

    /** The delivery's outcomes once routed (as a repeat's, if this was one), or empty if routing outlasts {@code wait}. */
    private Optional<AlertIntake.Report> awaitRouting(IncomingDelivery delivery, boolean repeated, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 2;
        while (true) {
            Optional<AlertIntake.Report> routed = repeated ? intake.repeatOf(delivery) : intake.outcomesOf(delivery);
            if (routed.isPresent() || System.nanoTime() >= deadline) {
                return routed;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 25);
        }
    }

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    @GetMapping("/deliveries")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "The latest deliveries, newest first, with each alert's outcome")
    List<AlertDeliveryView> deliveries(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        freshness.awaitCaughtUp(AlertIntakeProjector.PROCESSING_GROUP);
        return queries.query(new ListAlertDeliveries(limit), ResponseTypes.multipleInstancesOf(AlertDeliveryView.class)).join();
    }

    @GetMapping("/deliveries/{deliveryId}")
    @PreAuthorize(Roles.READ)
    @Operation(summary = "One delivery: whether its alerts are routed yet, and each alert's outcome once they are")
    AlertDeliveryView delivery(@PathVariable AlertDeliveryId deliveryId) {
        freshness.awaitCaughtUp(AlertIntakeProjector.PROCESSING_GROUP);
        return queries.query(new FindAlertDelivery(deliveryId), ResponseTypes.optionalInstanceOf(AlertDeliveryView.class)).join()
                .orElseThrow(() -> new ApiException(ApiProblem.NOT_FOUND, "no delivery " + deliveryId + " is on record"));
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
