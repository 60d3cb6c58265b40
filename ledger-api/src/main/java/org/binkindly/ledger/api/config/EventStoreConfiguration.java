package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.EventProcessingModule;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.binkindly.ledger.adapters.eventlog.ClassCachingJacksonSerializer;
import org.binkindly.ledger.adapters.eventlog.JdbcEventLog;
import org.binkindly.ledger.adapters.eventlog.LedgerEventStorageEngine;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Axon on PostgreSQL through plain JDBC. Flyway owns the tables (db/migration); these schemas only
 * tell Axon the snake_case names, so an auditor reads the event table with SQL. The table names
 * come from {@link JdbcEventLog}, the one reader of those tables for the rest of the ledger. Using
 * the JDBC engine rather than JPA keeps payloads in {@code bytea} and takes {@code global_index}
 * from a sequence of increment 1 by construction (docs/stack.md, pitfalls 1 and 2).
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /** Events a policy processor handles per transaction (each may send commands). */
    static final int BATCH_SIZE = 100;

    /**
     * Events a view's processor folds per transaction, at most: a batch holds only the events already
     * committed when it starts, so live folding keeps its small batches, while a rebuild or a catch-up
     * pays one transaction and one token update per thousand events instead of per hundred.
     */
    static final int VIEW_BATCH_SIZE = 1000;

    /**
     * The serializer Axon builds for {@code axon.serializer.*: jackson} (Spring's ObjectMapper, Axon's
     * revision resolver, a chaining converter), but remembering the class each stored type name
     * resolves to ({@link ClassCachingJacksonSerializer}). As Axon's own, one instance serves as the
     * general, the message and the event serializer.
     */
    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisionResolver, ObjectMapper objectMapper) {
        return new ClassCachingJacksonSerializer(JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(EventStoreConfiguration.class.getClassLoader()))
                .objectMapper(objectMapper));
    }

    /**
     * Axon's event store as its auto-configuration builds it, but looking for events other nodes wrote every
     * {@code ledger.views.poll-interval} instead of every second: a node learns of its own writes at once, of another
     * node's only when it looks, and a read waits until every segment of a view, wherever it runs, has passed the write.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  ViewProperties views) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(views.pollInterval().toMillis())
                .cachedEvents(RECENT_EVENTS_KEPT)
                .build();
    }

    /**
     * The newest events the event store keeps in memory for the processors tailing the log (Axon's default:
     * 10,000). A processor further behind reads the log itself, through the storage engine's shared pages.
     * At a few hundred commands a second 10,000 events stayed 20-25 s, each with its message, its tracking
     * token and what the views had deserialized from it: every young collection copied them again (about
     * 25 MB, 30 ms of a 2-core machine's pause, every 1.5 s), and the commands waited for those pauses
     * (stack.md pitfall 24).
     */
    static final int RECENT_EVENTS_KEPT = 2_000;

    @Bean
    EventSchema eventSchema() {
        return LedgerEventStorageEngine.SCHEMA;
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable(JdbcEventLog.TOKEN_TABLE)
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    EventLog eventLog(DataSource dataSource) {
        return new JdbcEventLog(dataSource);
    }

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actorCorrelationProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.CORRELATED.toArray(String[]::new));
    }

    /**
     * The causation of what the ledger writes in reaction: a policy handling an event stamps that event's id on the
     * commands it sends ({@code causationId}), and the command hands it on to the events it causes. A deadline is an
     * event message in Axon but never stored, so a timer hands on whatever causation it was scheduled with.
     */
    @Bean
    CorrelationDataProvider causationProvider() {
        return message -> {
            if (message instanceof EventMessage<?> && !(message instanceof DeadlineMessage<?>)) {
                return Map.of(MetadataKeys.CAUSATION_ID, message.getIdentifier());
            }
            Object cause = message.getMetaData().get(MetadataKeys.CAUSATION_ID);
            return cause == null ? Map.of() : Map.of(MetadataKeys.CAUSATION_ID, cause);
        };
    }

    /** Axon's event processing, its processors over handlers that remember what cannot change. */
    @Bean
    static EventProcessingModule eventProcessingModule() {
        return new LedgerEventProcessingModule();
    }

    /**
     * Projections run as tracking processors with real batches, not one transaction per event
     * (docs/stack.md, pitfall 4). Not pooled ones: over the embedded event store a pooled processor has
     * no availability callback and polls every 500 ms, which measured 300-500 ms before a write
     * showed in its view; a tracking processor is woken by the commit itself.
     */
    @Autowired
    void configureProcessors(EventProcessingConfigurer processing, ObjectProvider<EventLog> eventLog) {
        processing.usingTrackingEventProcessors();
        processing.registerTrackingEventProcessorConfiguration(configuration ->
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(BATCH_SIZE)
                        .andInitialSegmentsCount(1)
                        .andInitialTrackingToken(source -> initialToken(source, eventLog.getObject())));
    }

    /**
     * Where a processor without a token starts: at the beginning of the log, or, in a database
     * restored from a backup, as if reset at the restored head, so views rebuild from the restored
     * events while policies ({@code @DisallowReplay}) do not act on them a second time.
     */
    static TrackingToken initialToken(StreamableMessageSource<TrackedEventMessage<?>> source, EventLog eventLog) {
        OptionalLong restoredThrough = eventLog.restoredThrough();
        if (restoredThrough.isEmpty() || restoredThrough.getAsLong() == 0) {
            return source.createTailToken();
        }
        // the JDBC event store tracks with gap-aware tokens; the restored log has no gaps still to fill
        return ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(restoredThrough.getAsLong(), new TreeSet<>()), null);
    }
}
