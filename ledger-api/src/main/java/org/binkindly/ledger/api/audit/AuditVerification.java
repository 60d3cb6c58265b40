package org.binkindly.ledger.api.audit;

import org.binkindly.ledger.core.audit.ChainVerifier;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.CheckpointAnchor;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.binkindly.ledger.core.audit.VerificationReport;
import org.binkindly.ledger.projections.audit.AuditLog;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Verifies the log in place: the stream read from PostgreSQL, checked link by link and against
 * every signed checkpoint, those in the table and those anchored in object storage alike.
 */
@Component
public class AuditVerification {

    /** The verdict, and what it was checked against. */
    public record Result(VerificationReport report, String keyId, String anchorLocation, int anchoredCheckpoints,
                         String anchorProblem) {
    }

    private final AuditLog log;
    private final CheckpointAnchor anchor;
    private final CheckpointSigner signer;
    private final AuditChainStatus chainStatus;
    private final AuditMetrics metrics;

    public AuditVerification(AuditLog log, CheckpointAnchor anchor, CheckpointSigner signer, AuditChainStatus chainStatus,
                             AuditMetrics metrics) {
        this.log = log;
        this.anchor = anchor;
        this.signer = signer;
        this.chainStatus = chainStatus;
        this.metrics = metrics;
    }

    public Result verify() {
        // Listed before the database snapshot opens: every anchored checkpoint then covers events the snapshot holds.
        CheckpointAnchor.Listing anchored = anchor.anchored();
        List<Checkpoint> separate = anchored.checkpoints();
        ChainVerifier.Verification verification = new ChainVerifier(List.of(signer.publicKey()))
                .begin(separate, chainStatus.unauthenticatedThrough());
        try {
            log.stream(0, AuditLog.Filter.NONE, record -> {
                if (!verification.accept(record)) {
                    throw new StopReading();
                }
            });
        } catch (StopReading firstFailureFound) {
            // the verdict is in; the rest of the log cannot change it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VerificationReport report = verification.finish();
        metrics.verified(report);
        return new Result(report, signer.keyId(), anchor.location(), separate.size(), anchored.failure());
    }

    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }
}
