package org.binkindly.ledger.api.audit;

import org.binkindly.ledger.adapters.audit.AuditSealer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit chain's settings ({@code ledger.audit.*}); each is documented in docs/operations.md.
 *
 * @param signingKey            the Ed25519 private key that signs checkpoints, as PKCS#8 PEM text
 * @param signingKeyFile        or a file holding it; with neither, a key is generated into the data directory
 * @param checkpointEvery       sign a checkpoint at least this often while new events are being sealed
 * @param checkpointEveryEvents sign a checkpoint each time this many more events are sealed
 * @param sealInterval          how often the sealer looks for new events
 * @param sealBatchSize         events sealed per transaction
 * @param gapTimeout            how long a position missing from the log is waited for before it is
 *                              taken as a rolled-back transaction and sealed past
 */
@ConfigurationProperties(prefix = "ledger.audit")
public record AuditProperties(
        String signingKey,
        Path signingKeyFile,
        // checkpointEvery's @param comes first: the metadata processor matches @param names by prefix
        @DefaultValue("1000") int checkpointEveryEvents,
        @DefaultValue("60s") Duration checkpointEvery,
        @DefaultValue("1s") Duration sealInterval,
        @DefaultValue("1000") int sealBatchSize,
        @DefaultValue("10s") Duration gapTimeout) {

    public AuditProperties {
        if (checkpointEveryEvents < 1) {
            throw new IllegalArgumentException("ledger.audit.checkpoint-every-events must be at least 1");
        }
        if (sealBatchSize < 1) {
            throw new IllegalArgumentException("ledger.audit.seal-batch-size must be at least 1");
        }
    }

    public AuditSealer.Settings sealerSettings() {
        return new AuditSealer.Settings(checkpointEveryEvents, checkpointEvery, sealInterval, sealBatchSize, gapTimeout);
    }

    // Settings are logged on startup failures; the key must never travel with them.
    @Override
    public String toString() {
        return "AuditProperties[signingKey=%s, signingKeyFile=%s, checkpointEveryEvents=%d, checkpointEvery=%s, sealInterval=%s, sealBatchSize=%d, gapTimeout=%s]"
                .formatted(signingKey == null ? null : "(redacted)", signingKeyFile, checkpointEveryEvents, checkpointEvery,
                        sealInterval, sealBatchSize, gapTimeout);
    }
}
