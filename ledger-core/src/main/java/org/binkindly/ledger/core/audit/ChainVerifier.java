package org.binkindly.ledger.core.audit;

import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Recomputes the hash chain over an audit stream and checks it against the links sealed for each
 * event and against signed checkpoints (docs/audit.md, "Verifying"). It stops at the first
 * failure and names its position. The HTTP endpoint and the offline command-line verifier both
 * use it, so they cannot disagree.
 * <p>
 * Writer signatures (docs/audit.md, "Which writer signatures are checked"): by default the Ed25519 check of an event's
 * writer signature is left out once a checkpoint that verifies covers the event, because the sealer checked that
 * signature before sealing the event, and the recomputed chain matching the signed head proves the event is exactly
 * what was sealed. Every other part of the writer-signature rule (missing, malformed, untrusted key, unsigned after a
 * signed one) is checked for every event. Events no verified checkpoint covers have their signature checked, in
 * parallel batches; {@link #ChainVerifier(Collection, boolean)} with {@code everyWriterSignature} checks them all.
 */
public final class ChainVerifier {

    /** Signatures awaiting a covering checkpoint at most; beyond it the oldest are checked, so memory stays bounded. */
    static final int PENDING_SIGNATURES = 8192;

    private final Map<String, PublicKey> keys = new LinkedHashMap<>();
    private final boolean everyWriterSignature;
    private final int pendingLimit;

    /** @param publicKeys the keys checkpoints may be signed with (more than one across a key rotation) */
    public ChainVerifier(Collection<PublicKey> publicKeys) {
        this(publicKeys, false);
    }

    /**
     * @param everyWriterSignature check the Ed25519 writer signature of every event, also of those a verified
     *                             checkpoint covers (slower by the cost of one signature check per event)
     */
    public ChainVerifier(Collection<PublicKey> publicKeys, boolean everyWriterSignature) {
        this(publicKeys, everyWriterSignature, PENDING_SIGNATURES);
    }

    ChainVerifier(Collection<PublicKey> publicKeys, boolean everyWriterSignature, int pendingLimit) {
        this.everyWriterSignature = everyWriterSignature;
        this.pendingLimit = pendingLimit;
        for (PublicKey key : publicKeys) {
            keys.put(AuditKeys.keyId(key), key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one public key is needed to check checkpoint signatures");
        }
    }

    /**
     * @param stream              the audit stream, in position order, from the first event on
     * @param separateCheckpoints checkpoints held apart from the stream (object storage), checked as well
     */
    public VerificationReport verify(Iterator<? extends AuditRecord> stream, Collection<Checkpoint> separateCheckpoints) {
        Verification verification = begin(separateCheckpoints);
        while (stream.hasNext() && verification.accept(stream.next())) {
            // accept() answers false at the first failure: nothing after it changes the verdict
        }
        return verification.finish();
    }

    /**
     * One event's writer-signature field read against the keys given, and, when every signature is to be checked, the
     * signature checked too: what {@link Verification#accept} needs for an event. Depends on the event alone, so a
     * reader may compute it ahead on other cores and hand it to {@link Verification#accept(AuditRecord, EventAuthentication.Claim)}.
     */
    public EventAuthentication.Claim authenticity(AuditEvent event) {
        EventAuthentication.Claim claim = EventAuthentication.claim(event, keys);
        if (everyWriterSignature) {
            claim.verdict();
        }
        return claim;
    }

    /** Whether every writer signature is checked, not only those no verified checkpoint covers. */
    public boolean checksEveryWriterSignature() {
        return everyWriterSignature;
    }

    /** A verification fed one record at a time, for streams that push (a database cursor). */
    public Verification begin(Collection<Checkpoint> separateCheckpoints) {
        return begin(separateCheckpoints, null);
    }

    /**
     * @param unauthenticatedThrough the last position written before writer authentication, as the
     *                               ledger recorded it; null when not known (then only the rule that
     *                               no unsigned event may follow a signed one applies)
     */
    public Verification begin(Collection<Checkpoint> separateCheckpoints, Long unauthenticatedThrough) {
        return new Verification(separateCheckpoints, unauthenticatedThrough);
    }

    public final class Verification {
        private final HashChain chain = new HashChain();
        private final TreeMap<Long, Checkpoint> pending = new TreeMap<>();
        private final Map<Long, Checkpoint> separate = new TreeMap<>();
        private long events;
        private long sealed;
        private long unsealed;
        private long checkpoints;
        private Long lastPosition;
        private Long signedThrough;
        private Long firstUnsealed;
        private long lastMatchedPosition;
        private long authenticated;
        private long unauthenticated;
        private final Long unauthenticatedThrough;
        /** Signed events whose signature is not checked yet: a verified checkpoint covering them makes the check needless. */
        private final ArrayDeque<EventAuthentication.Claim> unchecked = new ArrayDeque<>();
        private long signaturesChecked;
        private long signaturesCovered;
        private VerificationReport.Failure failure;

        private Verification(Collection<Checkpoint> separateCheckpoints, Long unauthenticatedThrough) {
            this.unauthenticatedThrough = unauthenticatedThrough;
            for (Checkpoint checkpoint : separateCheckpoints) {
                Checkpoint previous = separate.put(checkpoint.position(), checkpoint);
                if (previous != null && !previous.equals(checkpoint)) {
                    fail(checkpoint.position(), VerificationReport.Problem.CHECKPOINT_COPIES_DIFFER,
                            "two stored checkpoints for this position differ");
                }
                pending.put(checkpoint.position(), checkpoint);
            }
        }

        /** Checks the next record of the stream; false once a failure was found. */
        public boolean accept(AuditRecord record) {
            return accept(record, null);
        }

        /**
         * As {@link #accept(AuditRecord)}, with the event's writer-signature field already read by
         * {@link ChainVerifier#authenticity} (null: read it here). Every other check runs here, in stream order.
         */
        public boolean accept(AuditRecord record, EventAuthentication.Claim authenticity) {
            if (failure != null) {
                return false;
            }
            if (record instanceof AuditRecord.Signed signed) {
                take(signed.checkpoint());
                return failure == null;
            }
            if (lastPosition != null && record.position() <= lastPosition) {
                fail(record.position(), VerificationReport.Problem.MALFORMED_STREAM,
                        "position %d follows %d: the stream is not in position order".formatted(record.position(), lastPosition));
                return false;
            }
            settleCheckpointsBefore(record.position());
            if (failure != null) {
                return false;
            }
            if (record instanceof AuditRecord.Missing missing) {
                fail(missing.position(), VerificationReport.Problem.EVENT_MISSING,
                        "the sealer sealed an event at this position; the log no longer holds one");
            } else if (record instanceof AuditRecord.Event event) {
                check(event, authenticity);
            }
            return failure == null;
        }

        /** Records a failure found outside the chain (an unreadable line, say) at {@code position}. */
        public void reject(long position, String detail) {
            fail(position, VerificationReport.Problem.MALFORMED_STREAM, detail);
        }

        /** Checks the checkpoints still open against the end of the stream, and the signatures none covers, and reports. */
        public VerificationReport finish() {
            if (failure == null) {
                settleCheckpointsBefore(Long.MAX_VALUE);
            }
            if (failure == null) {
                failure = firstInvalidSignatureThrough(Long.MAX_VALUE);
            }
            return new VerificationReport(failure == null, events, sealed, unsealed, checkpoints, lastPosition,
                    signedThrough, chain.head(), authenticated, unauthenticated, failure);
        }

        /** Writer signatures whose Ed25519 check was run. */
        public long signaturesChecked() {
            return signaturesChecked;
        }

        /** Writer signatures not checked because a verified checkpoint covers their event (the sealer checked them). */
        public long signaturesCoveredByCheckpoints() {
            return signaturesCovered;
        }

        private void check(AuditRecord.Event record, EventAuthentication.Claim authenticity) {
            long position = record.position();
            String recomputed = chain.append(record.event());
            events++;
            lastPosition = position;
            if (record.link() == null) {
                unsealed++;
                if (firstUnsealed == null) {
                    firstUnsealed = position;
                }
                authenticate(record.event(), authenticity);
                return;
            }
            if (firstUnsealed != null) {
                fail(firstUnsealed, VerificationReport.Problem.EVENT_NOT_SEALED,
                        "no link was sealed for this event, yet position %d after it was sealed: it was added after sealing"
                                .formatted(position));
                return;
            }
            sealed++;
            if (!recomputed.equals(record.link())) {
                fail(position, VerificationReport.Problem.EVENT_ALTERED, lastMatchedPosition == 0
                        ? "the recomputed link differs from the one sealed: this event, or one before it, was changed, moved, added or removed"
                        : "the recomputed link differs from the one sealed: this event was changed or moved, or an event after position %d was added or removed"
                        .formatted(lastMatchedPosition));
                return;
            }
            lastMatchedPosition = position;
            authenticate(record.event(), authenticity);
        }

        /**
         * The writer's signature must hold. Unsigned events pass only before the first signed one
         * (and, when the ledger recorded it, at or below its cut-over): they predate writer
         * authentication. A forged row is inserted after the real ones, so it cannot hide there.
         */
        private void authenticate(AuditEvent event, EventAuthentication.Claim authenticity) {
            EventAuthentication.Claim claim = authenticity != null ? authenticity : EventAuthentication.claim(event, keys);
            if (claim.signed()) {
                authenticated++;
                if (everyWriterSignature) {
                    signaturesChecked++;
                    if (claim.verdict() instanceof EventAuthentication.Verdict.Invalid invalid) {
                        authenticated--;
                        fail(event.position(), VerificationReport.Problem.EVENT_NOT_AUTHENTIC, invalid.detail());
                    }
                    return;
                }
                unchecked.add(claim);
                if (unchecked.size() > pendingLimit) {
                    failure = firstInvalidSignatureThrough(unchecked.peekLast().position() - 1);
                }
                return;
            }
            EventAuthentication.Verdict verdict = claim.verdict();
            if (verdict instanceof EventAuthentication.Verdict.Invalid invalid) {
                fail(event.position(), VerificationReport.Problem.EVENT_NOT_AUTHENTIC, invalid.detail());
                return;
            }
            boolean predatesAuthentication = authenticated == 0
                    && (unauthenticatedThrough == null || event.position() <= unauthenticatedThrough);
            if (!predatesAuthentication) {
                fail(event.position(), VerificationReport.Problem.EVENT_NOT_AUTHENTIC,
                        "the event carries no writer signature, yet it was recorded after writer authentication began: "
                                + "the ledger did not write it");
                return;
            }
            unauthenticated++;
        }

        private void take(Checkpoint checkpoint) {
            Checkpoint copy = separate.get(checkpoint.position());
            if (copy != null && !copy.equals(checkpoint)) {
                fail(checkpoint.position(), VerificationReport.Problem.CHECKPOINT_COPIES_DIFFER,
                        "the checkpoint in the stream differs from the one kept in object storage");
                return;
            }
            pending.put(checkpoint.position(), checkpoint);
            if (lastPosition != null && checkpoint.position() < lastPosition) {
                settleCheckpointsBefore(lastPosition);
            }
        }

        /** Checks every checkpoint whose position lies before {@code position}, against the chain as it stands. */
        private void settleCheckpointsBefore(long position) {
            while (failure == null && !pending.isEmpty() && pending.firstKey() < position) {
                Checkpoint checkpoint = pending.pollFirstEntry().getValue();
                settle(checkpoint);
            }
        }

        private void settle(Checkpoint checkpoint) {
            PublicKey key = keys.get(checkpoint.keyId());
            if (key == null) {
                fail(checkpoint.position(), VerificationReport.Problem.UNKNOWN_KEY,
                        "checkpoint signed by key %s, which is not among the keys given".formatted(checkpoint.keyId()));
                return;
            }
            if (!AuditKeys.verify(key, checkpoint.signedText(), checkpoint.signature())) {
                fail(checkpoint.position(), VerificationReport.Problem.SIGNATURE_INVALID,
                        "the checkpoint's signature does not verify: its position, count, head or time was changed");
                return;
            }
            if (lastPosition == null || checkpoint.position() > lastPosition) {
                fail(checkpoint.position(), VerificationReport.Problem.EVENTS_TRUNCATED,
                        "a signed checkpoint covers position %d, but the stream ends at %s: events were removed from the end"
                                .formatted(checkpoint.position(), lastPosition == null ? "its start" : lastPosition));
                return;
            }
            if (checkpoint.count() != chain.count() || !checkpoint.head().equals(chain.head())) {
                fail(checkpoint.position(), VerificationReport.Problem.CHECKPOINT_MISMATCH,
                        "the signed checkpoint says %d events and head %s through this position; recomputed: %d events and head %s"
                                .formatted(checkpoint.count(), checkpoint.head(), chain.count(), chain.head()));
                return;
            }
            checkpoints++;
            signedThrough = checkpoint.position();
            while (!unchecked.isEmpty() && unchecked.peekFirst().position() <= checkpoint.position()) {
                unchecked.pollFirst();
                signaturesCovered++;
            }
        }

        /**
         * Checks the signatures still unchecked at or before {@code position}, on every core; the failure at the first
         * that does not verify, or null. A failure found elsewhere asks this first, so the verdict still names the first
         * position that fails, as if every signature had been checked in order.
         */
        private VerificationReport.Failure firstInvalidSignatureThrough(long position) {
            List<EventAuthentication.Claim> due = new ArrayList<>();
            while (!unchecked.isEmpty() && unchecked.peekFirst().position() <= position) {
                due.add(unchecked.pollFirst());
            }
            List<EventAuthentication.Verdict> verdicts = due.parallelStream().map(EventAuthentication.Claim::verdict).toList();
            signaturesChecked += due.size();
            for (int i = 0; i < due.size(); i++) {
                if (verdicts.get(i) instanceof EventAuthentication.Verdict.Invalid invalid) {
                    authenticated -= due.size() - i + unchecked.size(); // the rest were never confirmed
                    unchecked.clear();
                    return new VerificationReport.Failure(due.get(i).position(), VerificationReport.Problem.EVENT_NOT_AUTHENTIC,
                            invalid.detail());
                }
            }
            return null;
        }

        private void fail(long position, VerificationReport.Problem problem, String detail) {
            if (failure == null) {
                VerificationReport.Failure earlier = firstInvalidSignatureThrough(position);
                failure = earlier != null ? earlier : new VerificationReport.Failure(position, problem, Objects.requireNonNull(detail));
            }
        }
    }
}
