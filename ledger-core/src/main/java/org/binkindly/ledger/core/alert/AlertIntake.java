package org.binkindly.ledger.core.alert;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.binkindly.ledger.core.alert.command.CorrelateFirings;
import org.binkindly.ledger.core.alert.command.ReceiveAlertDelivery;
import org.binkindly.ledger.core.alert.command.RecordAlertDelivery;
import org.binkindly.ledger.core.incident.AlertReceipt;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlert;
import org.binkindly.ledger.core.incident.command.ReceiveFiringAlerts;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlert;
import org.binkindly.ledger.core.incident.command.RecordResolvedAlerts;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Texts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one path every alert takes into the ledger, whether Alertmanager sent it (put on record first
 * with {@link #accept}, then routed from that record) or the ledger's own stale-pack watch raised it.
 * Each step is idempotent, so the whole delivery can be routed again and change nothing: a firing is
 * routed by its class-and-scope correlation (which serialises "open or attach"), recorded once on its
 * incident, and the delivery's outcomes (with lost and unmapped alerts) are recorded last, once. The
 * steps take a delivery's alerts together, one command per class and scope and one per incident, not
 * one per alert, so a storm's backlog drains quickly.
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

    /**
     * What a delivery did: whether it was on record already, and each alert's outcome.
     *
     * @param deliveryId the delivery's id, assigned by the ledger
     * @param repeatedDelivery true when the same delivery was on record already: answered from its record
     * @param outcomes what became of each alert, in the delivery's order
     * @param lostAlerts how many alerts Alertmanager left out of the delivery (truncatedAlerts)
     */
    public record Report(AlertDeliveryId deliveryId, boolean repeatedDelivery, List<AlertOutcome> outcomes, int lostAlerts) {

        public long count(IntakeResult result) {
            return outcomes.stream().filter(outcome -> outcome.result() == result).count();
        }
    }

    /**
     * An exact repeat changes nothing: answered from its record, each alert as the repeat it is, with one
     * read of the delivery's own stream and no command. Empty until the delivery's outcomes are recorded
     * (they are recorded last, so a delivery whose routing failed half-way is routed again).
     */
    public Optional<Report> repeatOf(IncomingDelivery delivery) {
        return outcomesOf(delivery).map(first -> new Report(first.deliveryId(), true,
                first.outcomes().stream().map(AlertIntake::asRepeat).toList(), first.lostAlerts()));
    }

    /** The delivery's outcomes as routing recorded them, if it has been routed (a first answer, not a repeat's). */
    public Optional<Report> outcomesOf(IncomingDelivery delivery) {
        return correlations.recordedOutcomes(delivery.deliveryId())
                .map(outcomes -> new Report(delivery.deliveryId(), false, outcomes, Math.max(0, delivery.truncatedAlerts())));
    }

    /**
     * Puts a delivery on record as received, before routing it: once this returns, the delivery survives a
     * crash and is routed from its record by {@link org.binkindly.ledger.core.alert.policy.AlertDeliveryRouting}.
     */
    public DeliveryReceipt accept(IncomingDelivery delivery, String actor) {
        return send(new ReceiveAlertDelivery(delivery.deliveryId(), delivery), MetaData.with(MetadataKeys.ACTOR, actor));
    }

    /** Routes every alert of a delivery and records the outcomes; a delivery whose outcomes are on record is answered from them. */
    public Report receive(IncomingDelivery delivery, String actor) {
        Optional<Report> repeat = repeatOf(delivery);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        MetaData metaData = MetaData.with(MetadataKeys.ACTOR, actor);
        List<IncomingAlert> alerts = delivery.alerts();
        AlertOutcome[] outcomes = new AlertOutcome[alerts.size()];
        List<UnmappedAlert> unmapped = new ArrayList<>();
        Map<AlertCorrelationId, List<Routed>> firings = new LinkedHashMap<>();
        Map<AlertCorrelationId, List<Routed>> resolutions = new LinkedHashMap<>();
        for (int position = 0; position < alerts.size(); position++) {
            IncomingAlert alert = alerts.get(position);
            AlertRoute route = alert.unroutable() != null ? new AlertRoute.Unmapped(alert.unroutable()) : routing.route(alert);
            ReceivedAlert received = received(alert, delivery);
            if (route instanceof AlertRoute.Unmapped none) {
                unmapped.add(new UnmappedAlert(received, alert.status(), none.reason()));
                outcomes[position] = outcome(alert, null, IntakeResult.UNMAPPED, null, none.reason());
            } else if (route instanceof AlertRoute.Drill drill) {
                outcomes[position] = new AlertOutcome(received.alertname(), alert.fingerprint(), alert.startsAt(), alert.status(),
                        drill.incidentClass(), drill.scope(), IntakeResult.DRILL, null, "drill: recorded, no incident opened");
            } else if (route instanceof AlertRoute.ToIncident target) {
                AlertCorrelationId correlationId = new AlertCorrelationId(target.incidentClass(), target.scope());
                (alert.status() == AlertStatus.FIRING ? firings : resolutions)
                        .computeIfAbsent(correlationId, id -> new ArrayList<>())
                        .add(new Routed(position, alert, received, target));
            }
        }
        // Firings before resolutions, so a resolution finds a firing of the same delivery on record.
        firings.forEach((correlationId, routed) -> fire(correlationId, routed, null, 0, outcomes, metaData));
        resolutions.forEach((correlationId, routed) -> resolve(correlationId, routed, outcomes, metaData));
        List<AlertOutcome> inOrder = List.of(outcomes);
        Boolean recorded = send(new RecordAlertDelivery(delivery.deliveryId(), Texts.clipped(delivery.receiver()),
                Texts.clipped(delivery.status()), Texts.clipped(delivery.groupKey()), Texts.clipped(delivery.externalUrl()),
                delivery.truncatedAlerts(), inOrder, unmapped), metaData);
        return new Report(delivery.deliveryId(), !Boolean.TRUE.equals(recorded), inOrder, Math.max(0, delivery.truncatedAlerts()));
    }

    /**
     * Records a delivery that could not be routed: every alert kept as unmapped with the reason, so it stays visible
     * and counted. Alerts routed before the failure stay where they went; their outcomes here say unmapped.
     */
    public Report setAside(IncomingDelivery delivery, String actor, String reason) {
        String why = Texts.clipped(reason);
        List<UnmappedAlert> unmapped = new ArrayList<>();
        List<AlertOutcome> outcomes = new ArrayList<>();
        for (IncomingAlert alert : delivery.alerts()) {
            unmapped.add(new UnmappedAlert(received(alert, delivery), alert.status(), why));
            outcomes.add(outcome(alert, null, IntakeResult.UNMAPPED, null, why));
        }
        Boolean recorded = send(new RecordAlertDelivery(delivery.deliveryId(), Texts.clipped(delivery.receiver()),
                Texts.clipped(delivery.status()), Texts.clipped(delivery.groupKey()), Texts.clipped(delivery.externalUrl()),
                delivery.truncatedAlerts(), outcomes, unmapped), MetaData.with(MetadataKeys.ACTOR, actor));
        return new Report(delivery.deliveryId(), !Boolean.TRUE.equals(recorded), List.copyOf(outcomes),
                Math.max(0, delivery.truncatedAlerts()));
    }

    private static ReceivedAlert received(IncomingAlert alert, IncomingDelivery delivery) {
        return new ReceivedAlert(Texts.clipped(alert.alertname()), alert.fingerprint(), alert.startsAt(), alert.labels(),
                alert.annotations(), Texts.clipped(alert.generatorUrl()), Texts.clipped(delivery.receiver()), alert.corrections());
    }

    /** An alert of the delivery routed to an incident, and its place in the delivery. */
    private record Routed(int position, IncomingAlert alert, ReceivedAlert received, AlertRoute.ToIncident target) {
    }

    /**
     * The firings of one class and scope: one command routes them all, one command per incident records
     * them (each still its own event). Those an incident refuses as closed are routed again, naming it,
     * so the correlation opens the next incident for them. Three rounds are enough: a closed incident is
     * released once, and the next one opened is new.
     */
    private void fire(AlertCorrelationId correlationId, List<Routed> routed, IncidentId foundClosed, int round,
                      AlertOutcome[] outcomes, MetaData metaData) {
        if (round == 3) {
            throw new IllegalStateException("%d alert(s) for %s found only closed incidents".formatted(routed.size(), correlationId));
        }
        List<IncidentId> incidents = send(new CorrelateFirings(correlationId,
                routed.stream().map(firing -> new CorrelateFirings.Firing(firing.alert().fingerprint(),
                        firing.alert().firingStartsAt())).toList(),
                newIncidentIds.get(), foundClosed), metaData);
        Map<IncidentId, List<Routed>> byIncident = new LinkedHashMap<>();
        for (int i = 0; i < routed.size(); i++) {
            byIncident.computeIfAbsent(incidents.get(i), id -> new ArrayList<>()).add(routed.get(i));
        }
        Map<IncidentId, List<Routed>> refusedAsClosed = new LinkedHashMap<>();
        byIncident.forEach((incidentId, batch) -> {
            List<AlertReceipt> receipts = send(new ReceiveFiringAlerts(incidentId, correlationId.incidentClass(),
                    correlationId.scope(), batch.stream().map(firing -> new ReceiveFiringAlert(incidentId,
                            firing.target().incidentClass(), firing.target().scope(), firing.target().impact(),
                            firing.target().matrixSeverity(), firing.target().firstAction(), firing.received(),
                            firing.target().labelledFacts())).toList()), metaData);
            for (int i = 0; i < batch.size(); i++) {
                Routed firing = batch.get(i);
                IntakeResult result = switch (receipts.get(i)) {
                    case OPENED -> IntakeResult.OPENED;
                    case ATTACHED -> IntakeResult.ATTACHED;
                    case INCIDENT_CLOSED -> null;
                    default -> IntakeResult.DUPLICATE;
                };
                if (result == null) {
                    refusedAsClosed.computeIfAbsent(incidentId, id -> new ArrayList<>()).add(firing);
                } else {
                    outcomes[firing.position()] = outcome(firing.alert(), firing.target(), result, incidentId, null);
                }
            }
        });
        refusedAsClosed.forEach((closed, again) -> fire(correlationId, again, closed, round + 1, outcomes, metaData));
    }

    /**
     * The resolutions of one class and scope: one read of the correlation finds the incident of each
     * firing, one command per incident records them.
     */
    private void resolve(AlertCorrelationId correlationId, List<Routed> routed, AlertOutcome[] outcomes, MetaData metaData) {
        Map<String, IncidentId> incidentOfFiring = correlations.incidentsOfFirings(correlationId,
                routed.stream().map(resolution -> resolution.received().firingKey()).collect(Collectors.toSet()));
        Map<IncidentId, List<Routed>> byIncident = new LinkedHashMap<>();
        for (Routed resolution : routed) {
            IncidentId incident = incidentOfFiring.get(resolution.received().firingKey());
            if (incident == null) {
                outcomes[resolution.position()] = outcome(resolution.alert(), resolution.target(),
                        IntakeResult.RESOLUTION_UNMATCHED, null, "the ledger never received the firing this resolves");
            } else {
                byIncident.computeIfAbsent(incident, id -> new ArrayList<>()).add(resolution);
            }
        }
        byIncident.forEach((incidentId, batch) -> {
            List<AlertReceipt> receipts;
            try {
                receipts = send(new RecordResolvedAlerts(incidentId, batch.stream().map(resolution -> new RecordResolvedAlert(
                        incidentId, resolution.received(), resolution.alert().endsAt() == null
                        ? resolution.alert().startsAt() : resolution.alert().endsAt())).toList()), metaData);
            } catch (AggregateNotFoundException missing) {
                batch.forEach(resolution -> outcomes[resolution.position()] = outcome(resolution.alert(), resolution.target(),
                        IntakeResult.RESOLUTION_UNMATCHED, null, "the incident of its firing was never opened"));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                Routed resolution = batch.get(i);
                outcomes[resolution.position()] = switch (receipts.get(i)) {
                    case RESOLUTION_RECORDED -> outcome(resolution.alert(), resolution.target(), IntakeResult.RESOLUTION_RECORDED,
                            incidentId, null);
                    case RESOLUTION_UNMATCHED -> outcome(resolution.alert(), resolution.target(), IntakeResult.RESOLUTION_UNMATCHED,
                            null, "incident %s never received the firing this resolves".formatted(incidentId));
                    default -> outcome(resolution.alert(), resolution.target(), IntakeResult.RESOLUTION_DUPLICATE, incidentId, null);
                };
            }
        });
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
