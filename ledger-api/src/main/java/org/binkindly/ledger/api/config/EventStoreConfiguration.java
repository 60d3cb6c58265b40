package org.binkindly.ledger.api.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon on PostgreSQL through plain JDBC. Flyway owns the tables (db/migration); these schemas only
 * tell Axon the snake_case names, so an auditor reads {@code domain_event_entry} with SQL. Using
 * the JDBC engine rather than JPA keeps payloads in {@code bytea} and takes {@code global_index}
 * from a sequence of increment 1 by construction (STACK.md pitfalls 1 and 2).
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /** Metadata keys copied from a command onto the events it causes. */
    static final String[] CORRELATED_METADATA = {"actor", "actorSource", "requestId"};

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actorCorrelationProvider() {
        return new SimpleCorrelationDataProvider(CORRELATED_METADATA);
    }

    /**
     * Projections run as tracking processors with real batches, not one transaction per event
     * (STACK.md pitfall 4). Not pooled ones: over the embedded event store a pooled processor has
     * no availability callback and polls every 500 ms, which measured 300-500 ms before a write
     * showed in its view; a tracking processor is woken by the commit itself.
     */
    @Autowired
    void configureProcessors(EventProcessingConfigurer processing) {
        processing.usingTrackingEventProcessors();
        processing.registerTrackingEventProcessorConfiguration(configuration ->
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100)
                        .andInitialSegmentsCount(1));
    }
}
