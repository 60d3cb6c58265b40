package org.binkindly.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the views are processed ({@code ledger.views.*}, documented in docs/operations.md).
 *
 * @param segments how many segments each view that can be split is processed in; every node runs as many threads
 *                 per such view and takes its share of the segments, so several nodes fold one view together (an
 *                 existing database's views are split or merged to this number while the ledger runs)
 */
@ConfigurationProperties(prefix = "ledger.views")
public record ViewProperties(@DefaultValue("2") int segments) {

    /** More segments than this only adds threads and claims, not speed, on the ledger's few views. */
    static final int MAX_SEGMENTS = 16;

    public ViewProperties {
        if (segments < 1 || segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("ledger.views.segments must be between 1 and " + MAX_SEGMENTS + ", not " + segments);
        }
    }
}
