package org.binkindly.ledger.api.web;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;

/**
 * Read-your-writes over asynchronous projections: before a view is read, wait (boundedly) until
 * the processor behind it has handled every event committed so far. A caller therefore always
 * sees its own acknowledged writes, and anything else committed before its read.
 */
@Component
public class ViewFreshness {

    private static final Logger log = LoggerFactory.getLogger(ViewFreshness.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final Duration timeout;

    public ViewFreshness(JdbcTemplate jdbc, EventProcessingConfiguration processing, LedgerProperties properties) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.timeout = properties.readYourWritesTimeout();
    }

    /** Waits until {@code processingGroup} has handled everything committed up to now; false if it timed out. */
    public boolean awaitCaughtUp(String processingGroup) {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        if (head == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (!hasHandled(processingGroup, head)) {
            if (System.nanoTime() > deadline) {
                log.warn("view {} had not caught up with event {} after {}; answering with what it has",
                        processingGroup, head, timeout);
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
        return true;
    }

    private boolean hasHandled(String processingGroup, long globalIndex) {
        StreamingEventProcessor processor = processing
                .eventProcessorByProcessingGroup(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for " + processingGroup));
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        if (statuses.isEmpty()) {
            return false;
        }
        TrackingToken target = GapAwareTrackingToken.newInstance(globalIndex, Collections.emptySortedSet());
        for (EventTrackerStatus status : statuses) {
            TrackingToken token = status.getTrackingToken();
            if (token == null || status.isErrorState() || !token.covers(target)) {
                return false;
            }
        }
        return true;
    }
}
