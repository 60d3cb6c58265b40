package org.binkindly.ledger.core.alert;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.ReceivedAlert;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        return Optional.ofNullable(incidentsOfFirings(correlationId, Set.of(firing)).get(firing));
    }

    /**
     * The incident each of these firings (by {@link ReceivedAlert#firingKey()}) went to, from one read of the
     * correlation; a firing the correlation never routed is absent. The read starts at the correlation's
     * latest snapshot, if it has one, which holds every firing routed before it.
     */
    public Map<String, IncidentId> incidentsOfFirings(AlertCorrelationId correlationId, Set<String> firingKeys) {
        Map<String, IncidentId> found = new HashMap<>();
        DomainEventStream events = eventStore.readEvents(correlationId.toString());
        while (events.hasNext()) {
            Object payload = events.next().getPayload();
            if (payload instanceof AlertCorrelation snapshot) {
                firingKeys.forEach(key -> snapshot.incidentOfFiring(key).ifPresent(incident -> found.put(key, incident)));
            } else if (payload instanceof FiringCorrelated correlated) {
                String key = AlertCorrelation.firingKey(correlated.fingerprint(), correlated.startsAt());
                if (firingKeys.contains(key)) {
                    found.put(key, correlated.incidentId());
                }
            }
        }
        return found;
    }

    /**
     * The outcomes a delivery was recorded with, if it is on record: a repeat (Alertmanager re-sends
     * every group each repeat interval) is then answered from the log without a command per alert.
     */
    public Optional<List<AlertOutcome>> recordedOutcomes(AlertDeliveryId deliveryId) {
        DomainEventStream events = eventStore.readEvents(deliveryId.toString());
        while (events.hasNext()) {
            // by type first: the delivery as received (its every alert) is not deserialised to answer a repeat
            var event = events.next();
            if (AlertDeliveryRecorded.class.equals(event.getPayloadType())
                    && event.getPayload() instanceof AlertDeliveryRecorded recorded) {
                return Optional.of(recorded.outcomes());
            }
        }
        return Optional.empty();
    }
}
