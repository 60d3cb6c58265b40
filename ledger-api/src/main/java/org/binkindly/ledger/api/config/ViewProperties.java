package org.binkindly.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the views are processed ({@code ledger.views.*}, documented in docs/operations.md).
 *
 * @param segments how many segments each view that can be split is processed in; every node runs as many threads
 *                 per such view and takes its share of the segments, so several nodes fold one view together (an
 *                 existing database's views are split or merged to this number while the ledger runs)
 * @param pollInterval how often a node looks in the database for events other nodes wrote (its own it sees at once:
 *                 Axon's event store fetch delay), and the longest a view's worker waits for an event it folds
 *                 before it stores the position it has moved to past events it does not fold (Axon's event
 *                 availability timeout; idle, it renews its claim as often). A read waits until every segment of the
 *                 view covers the write, and one that runs on another node counts only by its stored position: with
 *                 several nodes a read right after a write waits up to about twice this long. Shorter costs a query
 *                 per interval, and a token update per view worker per interval, while the ledger is idle.
 */
@ConfigurationProperties(prefix = "ledger.views")
public record ViewProperties(@DefaultValue("2") int segments, @DefaultValue("1s") Duration pollInterval) {

    /** More segments than this only adds threads and claims, not speed, on the ledger's few views. */
    static final int MAX_SEGMENTS = 16;
    /** Every worker renews its claim this often while idle: shorter is a write storm for nothing. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(50);
    /** Past the claim timeout (10 s) another node would take the segment over from a live worker. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(5);

    public ViewProperties {
        if (segments < 1 || segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("ledger.views.segments must be between 1 and " + MAX_SEGMENTS + ", not " + segments);
        }
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0) {
            throw new IllegalArgumentException("ledger.views.poll-interval must be between " + MIN_POLL_INTERVAL.toMillis()
                    + "ms and " + MAX_POLL_INTERVAL.toSeconds() + "s, not " + pollInterval.toMillis() + "ms");
        }
    }
}
