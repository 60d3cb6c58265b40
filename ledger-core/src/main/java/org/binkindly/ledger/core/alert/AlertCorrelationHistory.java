package org.binkindly.ledger.core.alert;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.incident.IncidentId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a correlation straight from its events, to find where a resolution belongs: the incident
 * its firing went to. A resolution whose firing never arrived belongs nowhere (it is kept on the
 * delivery as unmatched, never attached to whatever is open); and whether a delivery is on record
 * already. Reading needs no serialisation; only opening an incident does.
 */
public class AlertCorrelationHistory {

    private final EventStore eventStore;

    public AlertCorrelationHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Optional<IncidentId> incidentOfFiring(AlertCorrelationId correlationId, String fingerprint, Instant startsAt) {
        String firing = AlertCorrelation.firingKey(fingerprint, startsAt);
        IncidentId ofFiring = null;
        DomainEventStream events = eventStore.readEvents(correlationId.toString());
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            if (message.getPayload() instanceof FiringCorrelated correlated
                    && AlertCorrelation.firingKey(correlated.fingerprint(), correlated.startsAt()).equals(firing)) {
                ofFiring = correlated.incidentId();
            }
        }
        return Optional.ofNullable(ofFiring);
    }

    /**
     * The outcomes a delivery was recorded with, if it is on record: a repeat (Alertmanager re-sends
     * every group each repeat interval) is then answered from the log without a command per alert.
     */
    public Optional<List<AlertOutcome>> recordedOutcomes(AlertDeliveryId deliveryId) {
        DomainEventStream events = eventStore.readEvents(deliveryId.toString());
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof AlertDeliveryRecorded recorded) {
                return Optional.of(recorded.outcomes());
            }
        }
        return Optional.empty();
    }
}
