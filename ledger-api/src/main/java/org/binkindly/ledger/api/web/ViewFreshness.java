package org.binkindly.ledger.api.web;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.eventlog.EventLog.StoredToken;
import org.binkindly.ledger.projections.support.ReadYourWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Read-your-writes over asynchronous projections: before a view is read, wait (boundedly) until
 * the processor behind it has handled every event committed so far. A caller therefore always
 * sees its own acknowledged writes, and anything else committed before its read.
 *
 * <p>It reads the processor's position from its stored token, which the processor writes in
 * the same transaction as its view rows, not from this node's memory: with several nodes the
 * processor may run on another one, and the table is the same for all. A gap in the position
 * (a global index a rolled-back transaction took) holds no event and does not count as unhandled.
 */
@Component
public class ViewFreshness implements ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ViewFreshness.class);

    private final EventLog eventLog;
    private final Serializer serializer;
    private final Duration timeout;

    public ViewFreshness(EventLog eventLog, Serializer serializer, LedgerProperties properties) {
        this.eventLog = eventLog;
        this.serializer = serializer;
        this.timeout = properties.readYourWritesTimeout();
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

    private boolean hasHandled(String processingGroup, long head) {
        List<StoredToken> segments = eventLog.tokens(processingGroup);
        if (segments.isEmpty()) {
            return false;
        }
        for (StoredToken segment : segments) {
            if (segment.token() == null || !covers(position(segment), head)) {
                return false;
            }
        }
        return true;
    }

    private TrackingToken position(StoredToken segment) {
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(segment.token(), byte[].class, segment.tokenType(), null));
        // while a view is being rebuilt it has caught up only once the replay has passed the head
        return token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
    }

    private boolean covers(TrackingToken token, long head) {
        if (!(token instanceof GapAwareTrackingToken position) || position.getIndex() < head) {
            return false;
        }
        return !eventLog.holdsAnyOf(position.getGaps().headSet(head + 1));
    }
}
