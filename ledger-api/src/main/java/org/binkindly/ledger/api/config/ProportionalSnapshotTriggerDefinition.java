package org.binkindly.ledger.api.config;

import jakarta.annotation.Nonnull;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Snapshots an aggregate once the events since its last snapshot reach {@code minimumEvents} or
 * {@code 1/streamShare} of its stream, whichever is more. A snapshot holds the whole state, and an
 * incident's state grows with its stream (every alert and containment action it recorded), so with a
 * fixed count, as Axon's {@code EventCountSnapshotTriggerDefinition} has it, the bytes snapshotted per
 * event grow with the stream: an incident of 36,000 events wrote a 5.7 MB snapshot every 500 events,
 * and the commands beside each one waited for it. With the share, a snapshot costs each event a bounded
 * amount, and a load from the latest snapshot replays at most {@code minimumEvents} or that share of the
 * stream after it (stack.md pitfall 25).
 *
 * <p>Axon's {@link AbstractSnapshotTrigger} schedules the snapshot (after the command's commit, or
 * after the load that made one due); this class only decides when one is due.
 */
public final class ProportionalSnapshotTriggerDefinition implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int minimumEvents;
    private final int streamShare;

    public ProportionalSnapshotTriggerDefinition(Snapshotter snapshotter, int minimumEvents, int streamShare) {
        if (minimumEvents < 1 || streamShare < 1) {
            throw new IllegalArgumentException("minimumEvents and streamShare must be at least 1");
        }
        this.snapshotter = snapshotter;
        this.minimumEvents = minimumEvents;
        this.streamShare = streamShare;
    }

    @Override
    public SnapshotTrigger prepareTrigger(@Nonnull Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, minimumEvents, streamShare);
    }

    @Override
    public SnapshotTrigger reconfigure(@Nonnull Class<?> aggregateType, @Nonnull SnapshotTrigger trigger) {
        if (trigger instanceof Trigger known) {
            known.setSnapshotter(snapshotter);
            return known;
        }
        return prepareTrigger(aggregateType);
    }

    static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;
        private static final long NONE = -1;

        private final int minimumEvents;
        private final int streamShare;
        /** The sequence number of the latest snapshot scheduled or loaded from, or of the first event seen. */
        private long since = NONE;
        private long latest = NONE;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int minimumEvents, int streamShare) {
            super(snapshotter, aggregateType);
            this.minimumEvents = minimumEvents;
            this.streamShare = streamShare;
        }

        @Override
        public void eventHandled(@Nonnull EventMessage<?> message) {
            // A load hands the snapshot it starts from here first, as a message at the snapshot's sequence number.
            if (message instanceof DomainEventMessage<?> domainEvent) {
                latest = domainEvent.getSequenceNumber();
                if (since == NONE) {
                    since = latest;
                }
            }
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            return latest - since >= Math.max(minimumEvents, latest / streamShare);
        }

        @Override
        protected void reset() {
            since = latest;
        }
    }
}
