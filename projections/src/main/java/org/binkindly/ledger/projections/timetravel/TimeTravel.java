package org.binkindly.ledger.projections.timetravel;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
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
import org.binkindly.ledger.projections.gate.NoGoGateFacts;
import org.binkindly.ledger.projections.incident.TimelineView;
import org.binkindly.ledger.projections.posture.PostureSources;
import org.binkindly.ledger.projections.posture.ScopePostureView;
import org.binkindly.ledger.projections.rebind.ActiveManifestFold;
import org.binkindly.ledger.projections.rebind.ActiveManifestView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the ledger said at a past instant: an aggregate folded, with the same fold its aggregate
 * and its view use, from its events recorded up to and including that instant, read back from
 * the event store. A scope's posture is folded the same way through {@link PostureSources}, from
 * the events of every incident, kill switch and rebind that named the scope, in global order; its
 * active manifest through {@link ActiveManifestFold}, and the no-go facts through {@link NoGoGateFacts}.
 */
public class TimeTravel {

    /** A folded state and how many events went into it. */
    public record Folded<T>(T state, int events) {
    }

    private static final List<String> POSTURE_BEGINNINGS = List.of(IncidentDeclared.class.getName(),
            KillSwitchActivated.class.getName(), RebindStarted.class.getName());

    private final EventStore eventStore;
    private final EventStorageEngine storage;
    private final EventLog eventLog;
    private final ObjectMapper json;

    public TimeTravel(EventStore eventStore, EventStorageEngine storage, EventLog eventLog, ObjectMapper json) {
        this.eventStore = eventStore;
        this.storage = storage;
        this.eventLog = eventLog;
        this.json = json;
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

    /** The incident's timeline at {@code at}: its events recorded up to then, each as the timeline view lists it. */
    public Optional<TimelineView> incidentTimeline(IncidentId incidentId, Instant at) {
        List<TimelineView.Entry> entries = history(incidentId.value(), at).stream()
                .filter(message -> message.getPayload() instanceof IncidentEvent)
                .map(message -> new TimelineView.Entry(message.getSequenceNumber(), message.getTimestamp(), actor(message),
                        message.getPayloadType().getSimpleName(), json.valueToTree(message.getPayload())))
                .toList();
        return entries.isEmpty() ? Optional.empty() : Optional.of(new TimelineView(incidentId, entries));
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
        // The order across aggregates matters (a completed rebind settles only rebinds that failed before it).
        List<DomainEventMessage<?>> events = inLogOrder(eventLog.aggregatesNamingScope(POSTURE_BEGINNINGS, scope.toString(), at), at);
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

    /**
     * The scope's active and last-known-good manifest at {@code at}: the rebinds of the scope folded
     * in log order (the order the view's projector reads them) through {@link ActiveManifestFold},
     * with the last rebind's failure as it stood then; empty before any rebind probed or failed.
     */
    public Optional<Folded<ActiveManifestView>> activeManifest(Scope scope, Instant at) {
        Map<String, RebindState> rebinds = new HashMap<>();
        ActiveManifestView view = null;
        int events = 0;
        for (DomainEventMessage<?> message : inLogOrder(eventLog.aggregatesNamingScope(
                List.of(RebindStarted.class.getName()), scope.toString(), at), at)) {
            if (!(message.getPayload() instanceof RebindEvent event)) {
                continue;
            }
            Provenance by = new Provenance(actor(message), message.getTimestamp());
            RebindState state = rebinds.get(message.getAggregateIdentifier());
            if (state == null) {
                if (!(event instanceof RebindStarted started)) {
                    continue;
                }
                state = RebindState.startedBy(started, by, message.getSequenceNumber());
                rebinds.put(message.getAggregateIdentifier(), state);
            } else {
                state.apply(event, by, message.getSequenceNumber());
            }
            events++;
            view = ActiveManifestFold.next(view, event, state, message.getTimestamp()).orElse(view);
        }
        if (view == null) {
            return Optional.empty();
        }
        RebindState last = view.lastRebindId() == null ? null : rebinds.get(view.lastRebindId());
        return Optional.of(new Folded<>(view.withLastFailure(last == null ? null : last.failure()), events));
    }

    /**
     * The no-go facts as they stood at {@code at}, for the gate's rules to judge as of then: every
     * event of {@link NoGoGateFacts#PAYLOAD_TYPES} recorded up to {@code at}, read from the whole log
     * in log order (the facts of a scope come from incidents on enclosing scopes and pipelines and from
     * alert deliveries, which do not name it), folded the way the gate's projector folds them.
     */
    public NoGoGateFacts noGoFacts(Instant at) {
        NoGoGateFacts facts = new NoGoGateFacts();
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
            events.filter(message -> !message.getTimestamp().isAfter(at))
                    .filter(message -> NoGoGateFacts.PAYLOAD_TYPES.contains(message.getPayloadType()))
                    .forEach(message -> facts.apply(message.getPayload(), message.getTimestamp()));
        }
        return facts;
    }

    /** The aggregates' events up to and including {@code at}, in log order. */
    private List<DomainEventMessage<?>> inLogOrder(List<String> aggregateIds, Instant at) {
        Map<String, Long> positions = new HashMap<>();
        for (String aggregateId : aggregateIds) {
            for (EventLog.EventPosition event : eventLog.positionsOf(aggregateId)) {
                positions.put(aggregateId + "#" + event.sequenceNumber(), event.position());
            }
        }
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (String aggregateId : aggregateIds) {
            events.addAll(history(aggregateId, at));
        }
        events.sort(Comparator.comparingLong(message -> positions.getOrDefault(
                message.getAggregateIdentifier() + "#" + message.getSequenceNumber(), Long.MAX_VALUE)));
        return events;
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
