package org.binkindly.ledger.core.alert;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.command.CreationPolicy;
import org.binkindly.ledger.core.alert.command.AdoptIncident;
import org.binkindly.ledger.core.alert.command.CorrelateFiring;
import org.binkindly.ledger.core.alert.command.CorrelateFirings;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.LongHandlerTimeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The one place that decides which incident the alerts of an incident class and a scope belong
 * to. Being one aggregate per class and scope, its decisions are serialised by the event store:
 * two deliveries at the same moment, on two threads or two nodes, cannot both open an incident,
 * because the second writer of the same sequence number is rejected and retried against the first
 * one's decision.
 */
// Cached, and snapshotted every so many events (see AggregateConfiguration): a correlation that routed 10,000 firings
// must not replay them per command. A snapshot is this object as JSON in the snapshot table, never an event.
@AggregateRoot
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
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
        releaseIfClosed(command.correlationId(), command.foundClosed());
        return new Correlation(correlate(command.correlationId(), command.fingerprint(), command.startsAt(),
                command.candidate(), command.foundClosed()));
    }

    /** The firings of one delivery for this class and scope, decided one after the other as {@link CorrelateFiring} would. */
    // a delivery's alerts in one command (LongHandlerTimeout)
    @MessageHandlerTimeout(timeoutMs = LongHandlerTimeout.TIMEOUT_MS, warningThresholdMs = LongHandlerTimeout.WARNING_THRESHOLD_MS,
            warningIntervalMs = LongHandlerTimeout.WARNING_INTERVAL_MS)
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    List<IncidentId> handle(CorrelateFirings command) {
        Objects.requireNonNull(command.candidate(), "candidate");
        releaseIfClosed(command.correlationId(), command.foundClosed());
        List<IncidentId> incidents = new ArrayList<>(command.firings().size());
        for (CorrelateFirings.Firing firing : command.firings()) {
            incidents.add(correlate(command.correlationId(), firing.fingerprint(), firing.startsAt(), command.candidate(),
                    command.foundClosed()));
        }
        return incidents;
    }

    private void releaseIfClosed(AlertCorrelationId id, IncidentId foundClosed) {
        if (foundClosed != null && foundClosed.equals(openIncident)) {
            apply(new AlertIncidentFoundClosed(id, openIncident));
        }
    }

    private IncidentId correlate(AlertCorrelationId id, String fingerprint, Instant startsAt, IncidentId candidate,
                                 IncidentId foundClosed) {
        IncidentId known = firings.get(firingKey(fingerprint, startsAt));
        if (known != null && !known.equals(foundClosed)) {
            return known;
        }
        if (openIncident == null) {
            apply(new AlertIncidentOpened(id, candidate));
        }
        apply(new FiringCorrelated(id, fingerprint, startsAt, openIncident));
        return openIncident;
    }

    /** The incident a firing went to, if this correlation (or its snapshot) has it. */
    Optional<IncidentId> incidentOfFiring(String firingKey) {
        return Optional.ofNullable(firings.get(firingKey));
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

    static String firingKey(String fingerprint, Instant startsAt) {
        return fingerprint + "@" + startsAt;
    }
}
