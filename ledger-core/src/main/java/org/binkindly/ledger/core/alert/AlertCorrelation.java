package org.binkindly.ledger.core.alert;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.alert.command.AdoptIncident;
import org.binkindly.ledger.core.alert.command.CorrelateFiring;
import org.binkindly.ledger.core.incident.IncidentId;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The one place that decides which incident the alerts of an incident class and a scope belong
 * to. Being one aggregate per class and scope, its decisions are serialised by the event store:
 * two deliveries at the same moment, on two threads or two nodes, cannot both open an incident,
 * because the second writer of the same sequence number is rejected and retried against the first
 * one's decision.
 */
@AggregateRoot // cached between commands: see AggregateConfiguration
class AlertCorrelation {

    @AggregateIdentifier
    private AlertCorrelationId correlationId;
    private IncidentId openIncident;
    private final Map<String, IncidentId> firings = new HashMap<>();

    AlertCorrelation() {
        // rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Correlation handle(CorrelateFiring command) {
        Objects.requireNonNull(command.candidate(), "candidate");
        String firing = firingKey(command.fingerprint(), command.startsAt());
        if (command.foundClosed() != null && command.foundClosed().equals(openIncident)) {
            apply(new AlertIncidentFoundClosed(command.correlationId(), openIncident));
        }
        IncidentId known = firings.get(firing);
        if (known != null && !known.equals(command.foundClosed())) {
            return new Correlation(known);
        }
        if (openIncident == null) {
            apply(new AlertIncidentOpened(command.correlationId(), command.candidate()));
        }
        apply(new FiringCorrelated(command.correlationId(), command.fingerprint(), command.startsAt(), openIncident));
        return new Correlation(openIncident);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AdoptIncident command) {
        if (openIncident == null) {
            apply(new ManualIncidentAdopted(command.correlationId(), Objects.requireNonNull(command.incidentId(), "incidentId")));
        }
    }

    @EventSourcingHandler
    void on(ManualIncidentAdopted event) {
        correlationId = event.correlationId();
        openIncident = event.incidentId();
    }

    @EventSourcingHandler
    void on(AlertIncidentOpened event) {
        correlationId = event.correlationId();
        openIncident = event.incidentId();
    }

    @EventSourcingHandler
    void on(FiringCorrelated event) {
        correlationId = event.correlationId();
        firings.put(firingKey(event.fingerprint(), event.startsAt()), event.incidentId());
    }

    @EventSourcingHandler
    void on(AlertIncidentFoundClosed event) {
        correlationId = event.correlationId();
        if (event.incidentId().equals(openIncident)) {
            openIncident = null;
        }
    }

    static String firingKey(String fingerprint, java.time.Instant startsAt) {
        return fingerprint + "@" + startsAt;
    }
}
