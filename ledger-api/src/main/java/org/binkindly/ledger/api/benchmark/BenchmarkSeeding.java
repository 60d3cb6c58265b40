package org.binkindly.ledger.api.benchmark;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.incident.ContainmentActionRecorded;
import org.binkindly.ledger.core.incident.ImpactAssessment;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.TriggerSource;
import org.binkindly.ledger.core.incident.command.DeclareIncident;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.binkindly.ledger.core.shared.Scope;
import org.binkindly.ledger.core.shared.ScopeKind;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Grows the log quickly for the benchmark (scripts/benchmark.sh): each incident is declared through
 * the command gateway (the aggregate's own rules, events and policies), then its containment actions
 * are appended through the event store in batches, as the aggregate would apply them (one
 * {@code ContainmentActionRecorded} per distinct action, numbered after the declaration). They pass
 * the event store's signing insert like every other event, so the sealer, the views, rebuilds, the
 * audit export and verification treat them exactly as real ones. Only present with
 * {@code ledger.benchmark.seeding-enabled=true}.
 */
@Component
@ConditionalOnProperty(name = "ledger.benchmark.seeding-enabled", havingValue = "true")
public class BenchmarkSeeding {

    /** Events per insert: one transaction and one JDBC batch each. */
    static final int BATCH = 1000;

    /** What a seeding wrote. */
    public record Seeded(List<String> incidentIds, long events, long head, long millis) {
    }

    private final CommandGateway commands;
    private final EventStore eventStore;
    private final EventLog eventLog;
    private final Clock clock;

    public BenchmarkSeeding(CommandGateway commands, EventStore eventStore, EventLog eventLog, Clock clock) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    /** Declares {@code incidents} incidents, each then holding {@code eventsPerIncident} events in all. */
    public Seeded seed(int incidents, int eventsPerIncident) {
        long started = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        List<EventMessage<?>> batch = new ArrayList<>(BATCH);
        long events = 0;
        for (int n = 0; n < incidents; n++) {
            IncidentId incidentId = IncidentId.generate();
            // a scope of its own: one open incident per class and scope is the rule
            Scope scope = Scope.of(ScopeKind.LOCALITY, "bench-%s-%d".formatted(run, n).toLowerCase(Locale.ROOT));
            commands.sendAndWait(new DeclareIncident(incidentId, IncidentClass.PUBLISH_FAILURE, scope,
                    ImpactAssessment.nothingKnown(), null, new TriggerSource(TriggerSource.Kind.MANUAL, "benchmark seeding"),
                    "seeded for a benchmark", clock.instant()));
            ids.add(incidentId.value());
            List<? extends DomainEventMessage<?>> declared = eventStore.readEvents(incidentId.value(), 0).asStream().toList();
            DomainEventMessage<?> last = declared.get(declared.size() - 1);
            events += declared.size();
            // the declaration's actor, source and request id, nothing else: its stored metadata also holds
            // its own writer signature, which the insert must not find twice in a follow-on's metadata
            MetaData metaData = declared.get(0).getMetaData().subset(MetadataKeys.CORRELATED.toArray(String[]::new));
            long sequence = last.getSequenceNumber();
            for (int i = declared.size(); i < eventsPerIncident; i++) {
                sequence++;
                Instant now = clock.instant();
                batch.add(new GenericDomainEventMessage<>(last.getType(), incidentId.value(), sequence,
                        new ContainmentActionRecorded(incidentId, "benchmark containment action " + i, now), metaData));
                if (batch.size() == BATCH) {
                    events += append(batch);
                }
            }
        }
        if (!batch.isEmpty()) {
            events += append(batch);
        }
        return new Seeded(ids, events, eventLog.head().orElse(0),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private int append(List<EventMessage<?>> batch) {
        int size = batch.size();
        eventStore.publish(List.copyOf(batch));
        batch.clear();
        return size;
    }
}
