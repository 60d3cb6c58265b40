package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When snapshots fall due, fed as Axon's event-sourced aggregate feeds a trigger: every event it applies
 * or loads, a load from a snapshot starting with the snapshot at its sequence number. Outside a unit of
 * work Axon's trigger schedules at once, so the recording snapshotter sees each snapshot as it falls due.
 */
class ProportionalSnapshotTriggerDefinitionTest {

    private final List<Long> scheduledAt = new ArrayList<>();
    private long current;
    private final Snapshotter recording = (type, id) -> scheduledAt.add(current);

    @Test
    void aStreamIsSnapshottedEveryMinimumEventsAndThenEveryTenthOfItsLength() {
        SnapshotTrigger trigger = new ProportionalSnapshotTriggerDefinition(recording, 500, 10).prepareTrigger(Object.class);
        feed(trigger, 0, 36_000);

        assertThat(scheduledAt).startsWith(500L, 1_000L, 1_500L, 2_000L, 2_500L, 3_000L, 3_500L, 4_000L, 4_500L, 5_000L,
                5_555L, 6_172L, 6_857L, 7_618L).endsWith(26_958L, 29_953L, 33_281L).hasSize(28);
        for (int i = 1; i < scheduledAt.size(); i++) {
            long gap = scheduledAt.get(i) - scheduledAt.get(i - 1);
            assertThat(gap).as("events between snapshots %d and %d", i - 1, i)
                    .isGreaterThanOrEqualTo(Math.max(500, scheduledAt.get(i) / 10))
                    .isLessThanOrEqualTo(Math.max(500, scheduledAt.get(i) / 9));
        }
    }

    @Test
    void aSnapshotOfAFixedCountWritesTheStreamOverAndOverWhereTheShareWritesItAboutTenTimes() {
        SnapshotTrigger fixed = new EventCountSnapshotTriggerDefinition(recording, 500).prepareTrigger(Object.class);
        feed(fixed, 0, 36_000);
        long fixedEventsSnapshotted = scheduledAt.stream().mapToLong(Long::longValue).sum();
        // Axon's counts events, not sequence numbers: the 500th event is number 499
        assertThat(scheduledAt).hasSize(72).startsWith(499L, 999L).endsWith(35_999L);
        scheduledAt.clear();

        SnapshotTrigger proportional = new ProportionalSnapshotTriggerDefinition(recording, 500, 10).prepareTrigger(Object.class);
        feed(proportional, 0, 36_000);
        long proportionalEventsSnapshotted = scheduledAt.stream().mapToLong(Long::longValue).sum();

        // a snapshot at sequence n holds the state of n events: 1,313,928 events' worth against 310,408
        assertThat(fixedEventsSnapshotted).isEqualTo(1_313_928L);
        assertThat(proportionalEventsSnapshotted).isEqualTo(310_408L).isLessThan(11L * 36_000);
    }

    @Test
    void aLoadFromASnapshotCountsFromTheSnapshot() {
        SnapshotTrigger trigger = new ProportionalSnapshotTriggerDefinition(recording, 500, 10).prepareTrigger(Object.class);
        feed(trigger, 36_000, 45_000);
        trigger.initializationFinished();

        assertThat(scheduledAt).containsExactly(39_999L, 44_443L);
    }

    @Test
    void aShortStreamLoadedFromASnapshotWaitsForTheMinimum() {
        SnapshotTrigger trigger = new ProportionalSnapshotTriggerDefinition(recording, 500, 10).prepareTrigger(Object.class);
        feed(trigger, 1_200, 1_699);
        assertThat(scheduledAt).isEmpty();
        feed(trigger, 1_700, 1_700);
        assertThat(scheduledAt).containsExactly(1_700L);
    }

    @Test
    void messagesWithoutASequenceNumberNeitherCountNorTrigger() {
        SnapshotTrigger trigger = new ProportionalSnapshotTriggerDefinition(recording, 500, 10).prepareTrigger(Object.class);
        feed(trigger, 0, 499);
        for (int i = 0; i < 1_000; i++) {
            trigger.eventHandled(GenericEventMessage.asEventMessage("not a domain event"));
        }
        assertThat(scheduledAt).isEmpty();
        feed(trigger, 500, 500);
        assertThat(scheduledAt).containsExactly(500L);
    }

    /** A cache that serializes its entries hands the trigger back without its snapshotter; it keeps its count. */
    @Test
    void aTriggerReadBackFromBytesIsGivenTheSnapshotterAndKeepsItsCount() throws Exception {
        SnapshotTriggerDefinition definition = new ProportionalSnapshotTriggerDefinition(recording, 500, 10);
        SnapshotTrigger trigger = definition.prepareTrigger(Object.class);
        feed(trigger, 0, 700);
        assertThat(scheduledAt).containsExactly(500L);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(trigger);
        }
        SnapshotTrigger readBack;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            readBack = (SnapshotTrigger) in.readObject();
        }
        SnapshotTrigger reconfigured = definition.reconfigure(Object.class, readBack);
        assertThat(reconfigured).isSameAs(readBack);
        feed(reconfigured, 701, 1_000);
        assertThat(scheduledAt).containsExactly(500L, 1_000L);
    }

    private void feed(SnapshotTrigger trigger, long from, long to) {
        for (current = from; current <= to; current++) {
            trigger.eventHandled(new GenericDomainEventMessage<>("Incident", "inc-1", current, "payload " + current));
        }
    }
}
