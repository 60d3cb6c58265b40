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
import java.util.stream.Collectors;

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
            if (token == null || status.isErrorState()) {
                return false;
            }
            if (!token.covers(target) && !pastEverythingCommitted(token, globalIndex)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A token past the head whose gaps are all uncommitted indexes has seen every committed event.
     * Such a gap is a write that was rolled back (the loser of two writers of one aggregate burns a
     * sequence value) or one still in flight; neither can hold a write the caller already saw
     * acknowledged, and a rolled-back one stays a gap until Axon's gap timeout.
     */
    private boolean pastEverythingCommitted(TrackingToken token, long globalIndex) {
        if (!(token instanceof GapAwareTrackingToken gapAware) || gapAware.getIndex() < globalIndex) {
            return false;
        }
        String gaps = gapAware.getGaps().stream().filter(gap -> gap <= globalIndex).map(String::valueOf)
                .collect(Collectors.joining(","));
        if (gaps.isEmpty()) {
            return true;
        }
        Long committed = jdbc.queryForObject("select count(*) from domain_event_entry where global_index in (" + gaps + ")",
                Long.class);
        return committed != null && committed == 0;
    }
}
