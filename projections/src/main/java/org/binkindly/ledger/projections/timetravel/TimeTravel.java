package org.binkindly.ledger.projections.timetravel;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.IncidentDeclared;
import org.binkindly.ledger.core.incident.IncidentEvent;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.killswitch.KillSwitchActivated;
import org.binkindly.ledger.core.killswitch.KillSwitchEvent;
import org.binkindly.ledger.core.killswitch.KillSwitchId;
import org.binkindly.ledger.core.killswitch.KillSwitchState;
import org.binkindly.ledger.core.rebind.RebindEvent;
import org.binkindly.ledger.core.rebind.RebindId;
import org.binkindly.ledger.core.rebind.RebindStarted;
import org.binkindly.ledger.core.rebind.RebindState;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Provenance;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.projections.posture.PostureSources;
import org.binkindly.ledger.projections.posture.ScopePostureView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the ledger said at a past instant: an aggregate folded, with the same fold its aggregate
 * and its view use, from its events recorded up to and including that instant, read back from
 * the event store. A scope's posture is folded the same way through {@link PostureSources}, from
 * the events of every incident, kill switch and rebind that named the scope, in global order.
 */
public class TimeTravel {

    /** A folded state and how many events went into it. */
    public record Folded<T>(T state, int events) {
    }

    private static final List<String> POSTURE_BEGINNINGS = List.of(IncidentDeclared.class.getName(),
            KillSwitchActivated.class.getName(), RebindStarted.class.getName());

    private final EventStore eventStore;
    private final EventLog eventLog;

    public TimeTravel(EventStore eventStore, EventLog eventLog) {
        this.eventStore = eventStore;
        this.eventLog = eventLog;
    }

    public Optional<Folded<IncidentState>> incident(IncidentId incidentId, Instant at) {
        IncidentState state = null;
        int events = 0;
        for (DomainEventMessage<?> message : history(incidentId.value(), at)) {
            if (!(message.getPayload() instanceof IncidentEvent event)) {
                continue;
            }
            Provenance by = new Provenance(actor(message), message.getTimestamp());
            if (state == null) {
                if (!(event instanceof IncidentDeclared declared)) {
                    continue;
                }
                state = IncidentState.declaredBy(declared, by, message.getSequenceNumber());
            } else {
                state.apply(event, by, message.getSequenceNumber());
            }
            events++;
        }
        return state == null ? Optional.empty() : Optional.of(new Folded<>(state, events));
    }

    public Optional<Folded<KillSwitchState>> killSwitch(KillSwitchId killSwitchId, Instant at) {
        KillSwitchState state = null;
        int events = 0;
        for (DomainEventMessage<?> message : history(killSwitchId.value(), at)) {
            if (!(message.getPayload() instanceof KillSwitchEvent event)) {
                continue;
            }
            Provenance by = new Provenance(actor(message), message.getTimestamp());
            if (state == null) {
                if (!(event instanceof KillSwitchActivated activated)) {
                    continue;
                }
                state = KillSwitchState.activatedBy(activated, by, message.getSequenceNumber());
            } else {
                state.apply(event, by, message.getSequenceNumber());
            }
            events++;
        }
        return state == null ? Optional.empty() : Optional.of(new Folded<>(state, events));
    }

    public Optional<Folded<RebindState>> rebind(RebindId rebindId, Instant at) {
        RebindState state = null;
        int events = 0;
        for (DomainEventMessage<?> message : history(rebindId.value(), at)) {
            if (!(message.getPayload() instanceof RebindEvent event)) {
                continue;
            }
            Provenance by = new Provenance(actor(message), message.getTimestamp());
            if (state == null) {
                if (!(event instanceof RebindStarted started)) {
                    continue;
                }
                state = RebindState.startedBy(started, by, message.getSequenceNumber());
            } else {
                state.apply(event, by, message.getSequenceNumber());
            }
            events++;
        }
        return state == null ? Optional.empty() : Optional.of(new Folded<>(state, events));
    }

    /** Every kill switch activated on the scope by {@code at}, as each stood then, newest activation first. */
    public List<Folded<KillSwitchState>> killSwitches(Scope scope, Instant at) {
        return eventLog.aggregatesNamingScope(List.of(KillSwitchActivated.class.getName()), scope.toString(), at).stream()
                .map(id -> killSwitch(KillSwitchId.of(id), at))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing((Folded<KillSwitchState> folded) -> folded.state().activatedAt()).reversed())
                .toList();
    }

    /** Every rebind (drills too) started on the scope by {@code at}, as each stood then, newest first. */
    public List<Folded<RebindState>> rebinds(Scope scope, Instant at) {
        return eventLog.aggregatesNamingScope(List.of(RebindStarted.class.getName()), scope.toString(), at).stream()
                .map(id -> rebind(RebindId.of(id), at))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing((Folded<RebindState> folded) -> folded.state().started().recordedAt()).reversed())
                .toList();
    }

    public Folded<ScopePostureView> posture(Scope scope, Instant at) {
        List<String> sources = eventLog.aggregatesNamingScope(POSTURE_BEGINNINGS, scope.toString(), at);
        // The order across aggregates matters (a completed rebind settles only rebinds that failed before it).
        Map<String, Long> positions = new HashMap<>();
        for (String source : sources) {
            for (EventLog.EventPosition event : eventLog.positionsOf(source)) {
                positions.put(source + "#" + event.sequenceNumber(), event.position());
            }
        }
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (String source : sources) {
            events.addAll(history(source, at));
        }
        events.sort(Comparator.comparingLong(message -> positions.getOrDefault(
                message.getAggregateIdentifier() + "#" + message.getSequenceNumber(), Long.MAX_VALUE)));
        PostureSources posture = new PostureSources();
        int folded = 0;
        for (DomainEventMessage<?> message : events) {
            if (PostureSources.sourceIdOf(message.getPayload()) != null) {
                posture.apply(message.getPayload(), message.getTimestamp());
                folded++;
            }
        }
        return new Folded<>(posture.posture(scope), folded);
    }

    /** The aggregate's events up to and including {@code at}: a prefix of its history, so every fold stays in order. */
    private List<DomainEventMessage<?>> history(String aggregateId, Instant at) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        // from the first event, not the latest snapshot: a snapshot is the aggregate now, not as it stood
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getTimestamp().isAfter(at)) {
                break;
            }
            events.add(message);
        }
        return events;
    }

    private static String actor(DomainEventMessage<?> message) {
        Object actor = message.getMetaData().get(MetadataKeys.ACTOR);
        return actor == null ? null : actor.toString();
    }
}
