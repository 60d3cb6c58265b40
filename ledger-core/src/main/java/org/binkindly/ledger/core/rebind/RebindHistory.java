package org.binkindly.ledger.core.rebind;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;

import java.util.Optional;

/**
 * Reads a rebind's state straight from its own events. The process and the incident link decide
 * from the rebind as it stands now, not from the one event that woke them, which makes them safe
 * to run again after a crash or a redelivery.
 */
public class RebindHistory {

    private final EventStore eventStore;

    public RebindHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Optional<RebindState> current(RebindId rebindId) {
        DomainEventStream events = eventStore.readEvents(rebindId.value());
        RebindState state = null;
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            if (!(message.getPayload() instanceof RebindEvent event)) {
                continue;
            }
            Provenance provenance = new Provenance(
                    (String) message.getMetaData().get(MetadataKeys.ACTOR), message.getTimestamp());
            state = state == null && event instanceof RebindStarted started
                    ? RebindState.startedBy(started, provenance, message.getSequenceNumber())
                    : state == null ? null : state.apply(event, provenance, message.getSequenceNumber());
        }
        return Optional.ofNullable(state);
    }
}
