package org.binkindly.ledger.api.web;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.eventlog.EventLog.StoredToken;
import org.binkindly.ledger.projections.support.ReadYourWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Read-your-writes over asynchronous projections: before a view is read, wait (boundedly) until
 * the processor behind it has handled every event committed so far. A caller therefore always
 * sees its own acknowledged writes, and anything else committed before its read.
 *
 * <p>It reads each segment's position from its stored token, which the processor writes in the
 * same transaction as its view rows: with several nodes the segment may run on another one, and
 * the table is the same for all. A segment this node runs may also count by the position its worker
 * has reached in memory, because a worker that skips events of other segments stores that position
 * only after Axon's wait for more events (up to a second): a read after a lone write otherwise waited
 * that long for the segments that do not hold the write. A worker advances in memory only past
 * events it skipped or whose batch has committed, so its position says as much as a stored one.
 * A gap in the position (a global index a rolled-back transaction took) holds no event and does not
 * count as unhandled.
 */
@Component
public class ViewFreshness implements ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ViewFreshness.class);

    private final EventLog eventLog;
    private final Serializer serializer;
    private final Duration timeout;
    private final ObjectProvider<EventProcessingConfiguration> processing;

    public ViewFreshness(EventLog eventLog, Serializer serializer, LedgerProperties properties,
                         ObjectProvider<EventProcessingConfiguration> processing) {
        this.eventLog = eventLog;
        this.serializer = serializer;
        this.timeout = properties.readYourWritesTimeout();
        this.processing = processing;
    }

    /**
     * Waits until the view has handled every event committed so far, or only up to the position the
     * request names in {@link LedgerPosition#HEADER} (its own last write): a client that sends the
     * position its command's answer handed back sees that write without waiting behind everyone else's.
     */
    @Override
    public boolean awaitCaughtUp(String processingGroup) {
        OptionalLong logHead = eventLog.head();
        if (logHead.isEmpty()) {
            return true;
        }
        OptionalLong requested = LedgerPosition.requested();
        // a position beyond the head was never handed out; waiting for the head covers whatever it meant
        long target = requested.isPresent() ? Math.min(requested.getAsLong(), logHead.getAsLong()) : logHead.getAsLong();
        return awaitHandled(processingGroup, target);
    }

    /** Waits (boundedly) until the view has handled the event at {@code position} and every one before it. */
    public boolean awaitHandled(String processingGroup, long position) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (!hasHandled(processingGroup, position)) {
            if (System.nanoTime() > deadline) {
                log.warn("view {} had not caught up with event {} after {}; answering with what it has",
                        processingGroup, position, timeout);
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

    /**
     * Whether every segment of the view has handled the event at {@code position} and every one before it:
     * by its stored token, or by where this node's worker on it has got to.
     */
    public boolean hasHandled(String processingGroup, long position) {
        List<StoredToken> segments = eventLog.tokens(processingGroup);
        if (segments.isEmpty()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> runningHere = null;
        for (StoredToken segment : segments) {
            if (segment.token() != null && covers(current(stored(segment)), position)) {
                continue;
            }
            if (runningHere == null) {
                runningHere = runningHere(processingGroup);
            }
            EventTrackerStatus worker = runningHere.get(segment.segment());
            if (worker == null || worker.isErrorState() || !covers(current(worker.getTrackingToken()), position)) {
                return false;
            }
        }
        return true;
    }

    private TrackingToken stored(StoredToken segment) {
        return serializer.deserialize(new SimpleSerializedObject<>(segment.token(), byte[].class, segment.tokenType(), null));
    }

    /** The segments this node's workers run, by segment id; none if the view is not processed here. */
    private Map<Integer, EventTrackerStatus> runningHere(String processingGroup) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        return configuration == null ? Map.of() : configuration
                .eventProcessorByProcessingGroup(processingGroup, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
    }

    /** Where a segment stands: while a view is being rebuilt it has caught up only once the replay has passed the head. */
    private static TrackingToken current(TrackingToken token) {
        return token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
    }

    private boolean covers(TrackingToken token, long head) {
        if (!(token instanceof GapAwareTrackingToken position) || position.getIndex() < head) {
            return false;
        }
        return !eventLog.holdsAnyOf(position.getGaps().headSet(head + 1));
    }
}
