package org.binkindly.ledger.core.alert;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.binkindly.ledger.core.alert.command.CorrelateFiring;
import org.binkindly.ledger.core.alert.command.RecordAlertDelivery;
import org.binkindly.ledger.core.incident.AlertReceipt;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlert;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlert;
import org.binkindly.ledger.core.shared.LedgerRuleViolation;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.RuleCode;
import org.binkindly.ledger.core.shared.Texts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one path every alert takes into the ledger, whether Alertmanager sent it or the ledger's own
 * stale-pack watch raised it. Each step is idempotent, so the whole delivery can be received again
 * (Alertmanager retries on 5xx) and change nothing: a firing is routed by its class-and-scope
 * correlation (which serialises "open or attach"), recorded once on its incident, and the delivery
 * itself (with lost and unmapped alerts) is recorded last, once.
 */
public class AlertIntake {

    private final AlertRouting routing;
    private final AlertCorrelationHistory correlations;
    private final CommandGateway commands;
    private final Supplier<IncidentId> newIncidentIds;

    public AlertIntake(AlertRouting routing, AlertCorrelationHistory correlations, CommandGateway commands,
                       Supplier<IncidentId> newIncidentIds) {
        this.routing = routing;
        this.correlations = correlations;
        this.commands = commands;
        this.newIncidentIds = newIncidentIds;
    }

    /** What a delivery did: whether it was on record already, and each alert's outcome. */
    public record Report(AlertDeliveryId deliveryId, boolean repeatedDelivery, List<AlertOutcome> outcomes, int lostAlerts) {

        public long count(IntakeResult result) {
            return outcomes.stream().filter(outcome -> outcome.result() == result).count();
        }
    }

    /**
     * An exact repeat changes nothing: answered from its record, each alert as the repeat it is, with one
     * read of the delivery's own stream and no command. Empty if the delivery is not on record (a delivery
     * is recorded last, so one that failed half-way is not on record and is processed again).
     */
    public Optional<Report> repeatOf(IncomingDelivery delivery) {
        return correlations.recordedOutcomes(delivery.deliveryId())
                .map(outcomes -> new Report(delivery.deliveryId(), true, outcomes.stream().map(AlertIntake::asRepeat).toList(),
                        Math.max(0, delivery.truncatedAlerts())));
    }

    public Report receive(IncomingDelivery delivery, String actor) {
        Optional<Report> repeat = repeatOf(delivery);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        MetaData metaData = MetaData.with(MetadataKeys.ACTOR, actor);
        List<AlertOutcome> outcomes = new ArrayList<>();
        List<UnmappedAlert> unmapped = new ArrayList<>();
        for (IncomingAlert alert : delivery.alerts()) {
            AlertRoute route = alert.unroutable() != null ? new AlertRoute.Unmapped(alert.unroutable()) : routing.route(alert);
            ReceivedAlert received = new ReceivedAlert(Texts.clipped(alert.alertname()), alert.fingerprint(), alert.startsAt(),
                    alert.labels(), alert.annotations(), Texts.clipped(alert.generatorUrl()), Texts.clipped(delivery.receiver()),
                    alert.corrections());
            if (route instanceof AlertRoute.Unmapped none) {
                unmapped.add(new UnmappedAlert(received, alert.status(), none.reason()));
                outcomes.add(outcome(alert, null, IntakeResult.UNMAPPED, null, none.reason()));
            } else if (route instanceof AlertRoute.Drill drill) {
                outcomes.add(new AlertOutcome(received.alertname(), alert.fingerprint(), alert.startsAt(), alert.status(),
                        drill.incidentClass(), drill.scope(), IntakeResult.DRILL, null, "drill: recorded, no incident opened"));
            } else if (route instanceof AlertRoute.ToIncident target) {
                outcomes.add(alert.status() == AlertStatus.FIRING
                        ? fire(alert, received, target, metaData)
                        : resolve(alert, received, target, metaData));
            }
        }
        Boolean recorded = send(new RecordAlertDelivery(delivery.deliveryId(), Texts.clipped(delivery.receiver()),
                Texts.clipped(delivery.status()), Texts.clipped(delivery.groupKey()), Texts.clipped(delivery.externalUrl()),
                delivery.truncatedAlerts(), outcomes, unmapped), metaData);
        return new Report(delivery.deliveryId(), !Boolean.TRUE.equals(recorded), outcomes, Math.max(0, delivery.truncatedAlerts()));
    }

    private AlertOutcome fire(IncomingAlert alert, ReceivedAlert received, AlertRoute.ToIncident target, MetaData metaData) {
        AlertCorrelationId correlationId = new AlertCorrelationId(target.incidentClass(), target.scope());
        IncidentId foundClosed = null;
        // Twice is enough: a closed incident is released once, and the next one opened is new.
        for (int round = 0; round < 3; round++) {
            Correlation correlation = send(new CorrelateFiring(correlationId, alert.fingerprint(), alert.firingStartsAt(),
                    newIncidentIds.get(), foundClosed), metaData);
            try {
                AlertReceipt receipt = send(new ReceiveFiringAlert(correlation.incidentId(), target.incidentClass(),
                        target.scope(), target.impact(), target.matrixSeverity(), target.firstAction(), received,
                        target.labelledFacts()), metaData);
                IntakeResult result = switch (receipt) {
                    case OPENED -> IntakeResult.OPENED;
                    case ATTACHED -> IntakeResult.ATTACHED;
                    default -> IntakeResult.DUPLICATE;
                };
                return outcome(alert, target, result, correlation.incidentId(), null);
            } catch (LedgerRuleViolation violation) {
                if (violation.code() != RuleCode.INCIDENT_CLOSED) {
                    throw violation;
                }
                foundClosed = correlation.incidentId();
            }
        }
        throw new IllegalStateException("alert %s for %s found only closed incidents".formatted(alert.fingerprint(), correlationId));
    }

    private AlertOutcome resolve(IncomingAlert alert, ReceivedAlert received, AlertRoute.ToIncident target, MetaData metaData) {
        AlertCorrelationId correlationId = new AlertCorrelationId(target.incidentClass(), target.scope());
        Optional<IncidentId> incident = correlations.incidentOfFiring(correlationId, alert.fingerprint(), alert.firingStartsAt());
        if (incident.isEmpty()) {
            return outcome(alert, target, IntakeResult.RESOLUTION_UNMATCHED, null,
                    "the ledger never received the firing this resolves");
        }
        try {
            AlertReceipt receipt = send(new RecordResolvedAlert(incident.get(), received,
                    alert.endsAt() == null ? alert.startsAt() : alert.endsAt()), metaData);
            return switch (receipt) {
                case RESOLUTION_RECORDED -> outcome(alert, target, IntakeResult.RESOLUTION_RECORDED, incident.get(), null);
                case RESOLUTION_UNMATCHED -> outcome(alert, target, IntakeResult.RESOLUTION_UNMATCHED, null,
                        "incident %s never received the firing this resolves".formatted(incident.get()));
                default -> outcome(alert, target, IntakeResult.RESOLUTION_DUPLICATE, incident.get(), null);
            };
        } catch (AggregateNotFoundException missing) {
            return outcome(alert, target, IntakeResult.RESOLUTION_UNMATCHED, null,
                    "the incident of its firing was never opened");
        }
    }

    /** What an alert of a delivery already on record comes to when the delivery arrives again. */
    private static AlertOutcome asRepeat(AlertOutcome first) {
        IntakeResult again = switch (first.result()) {
            case OPENED, ATTACHED, DUPLICATE -> IntakeResult.DUPLICATE;
            case RESOLUTION_RECORDED, RESOLUTION_DUPLICATE -> IntakeResult.RESOLUTION_DUPLICATE;
            default -> first.result();
        };
        return new AlertOutcome(first.alertname(), first.fingerprint(), first.startsAt(), first.status(),
                first.incidentClass(), first.scope(), again, first.incidentId(), first.detail());
    }

    private static AlertOutcome outcome(IncomingAlert alert, AlertRoute.ToIncident target, IntakeResult result,
                                        IncidentId incidentId, String detail) {
        String noted = detail;
        if (target != null && !target.unreadLabels().isEmpty()) {
            String unread = String.join("; ", target.unreadLabels());
            noted = Texts.clipped(detail == null ? unread : detail + "; " + unread);
        }
        return new AlertOutcome(Texts.clipped(alert.alertname()), alert.fingerprint(), alert.startsAt(), alert.status(),
                target == null ? null : target.incidentClass(), target == null ? null : target.scope(), result, incidentId,
                noted);
    }

    /**
     * Two writers of one aggregate at the same moment (two nodes correlating one class and scope): the loser is
     * retried against the winner's decision by the command gateway's retry scheduler, the ledger's one retry layer,
     * so no loop here.
     */
    private <R> R send(Object command, MetaData metaData) {
        return commands.sendAndWait(command, metaData);
    }
}
