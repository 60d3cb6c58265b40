package org.binkindly.ledger.api.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.binkindly.ledger.api.consistency.NodeName;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.concurrent.TimeUnit;

/**
 * The split views ({@link ViewSegments}) run in {@code ledger.views.segments} segments, each node
 * with as many threads, so one node alone can fold every segment and a node that stays takes over
 * what a dead one held. Which node folds which segment is the {@link ViewSegmentBalancer}'s work.
 */
@Configuration(proxyBeanMethods = false)
class ViewSegmentsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ViewSegmentsConfiguration.class);

    /** How often a node with a free thread looks for an unclaimed segment (Axon's default is 5 s). */
    static final long CLAIM_INTERVAL_MILLIS = 2_000;

    @Autowired
    void configureSplitViews(EventProcessingConfigurer processing, ViewProperties views, ObjectProvider<EventLog> eventLog) {
        ViewSegments.SPLIT_VIEWS.forEach((group, policy) -> {
            processing.registerSequencingPolicy(group, configuration -> policy);
            processing.registerTrackingEventProcessorConfiguration(group, configuration ->
                    TrackingEventProcessorConfiguration.forParallelProcessing(threads(group, views.segments(), eventLog.getObject()))
                            .andInitialSegmentsCount(views.segments())
                            .andBatchSize(EventStoreConfiguration.VIEW_BATCH_SIZE)
                            .andTokenClaimInterval(CLAIM_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)
                            .andEventAvailabilityTimeout(views.pollInterval().toMillis(), TimeUnit.MILLISECONDS)
                            .andInitialTrackingToken(source -> EventStoreConfiguration.initialToken(source, eventLog.getObject())));
        });
        ViewSegments.ONE_SEGMENT_VIEWS.forEach(group -> processing.registerTrackingEventProcessorConfiguration(group, configuration ->
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(EventStoreConfiguration.VIEW_BATCH_SIZE)
                        .andInitialSegmentsCount(1)
                        .andEventAvailabilityTimeout(views.pollInterval().toMillis(), TimeUnit.MILLISECONDS)
                        .andInitialTrackingToken(source -> EventStoreConfiguration.initialToken(source, eventLog.getObject()))));
    }

    /**
     * One thread per segment, and more while the database still holds more segments than configured
     * (until the balancer has merged them): a node alone must be able to fold every segment.
     */
    private static int threads(String group, int segments, EventLog eventLog) {
        try {
            return Math.max(segments, eventLog.tokens(group).size());
        } catch (RuntimeException unreadable) {
            log.warn("cannot read the stored segments of {} ({}); starting {} threads", group, unreadable.getMessage(), segments);
            return segments;
        }
    }

    @Bean
    ViewSegmentBalancer viewSegmentBalancer(EventProcessingConfiguration processing, EventLog eventLog, JdbcTemplate jdbc,
                                            NodeName nodeName, ViewProperties views) {
        return new ViewSegmentBalancer(processing, eventLog, jdbc, nodeName, views.segments(), CLAIM_INTERVAL_MILLIS);
    }
}
