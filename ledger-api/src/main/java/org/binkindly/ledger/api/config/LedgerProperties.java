package org.binkindly.ledger.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The ledger's own settings ({@code ledger.*}); every one is documented in docs/operations.md.
 *
 * @param dataDir             where the embedded PostgreSQL keeps its data and the bootstrap admin token lives
 * @param embeddedPostgresPort port of the embedded PostgreSQL; 0 picks a free one
 * @param recurrenceWindow    how far back a declaration of the same class and scope counts as a recurrence
 * @param readYourWritesTimeout how long a request waits for the views to reflect writes before answering
 * @param maxRequestBytes     largest request body accepted
 */
@ConfigurationProperties(prefix = "ledger")
public record LedgerProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("0") int embeddedPostgresPort,
        @DefaultValue("7d") Duration recurrenceWindow,
        @DefaultValue("5s") Duration readYourWritesTimeout,
        @DefaultValue("65536") long maxRequestBytes) {
}
