package org.binkindly.ledger.core.audit;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Signs checkpoints, and every event as it is written, with the ledger's Ed25519 key; it never hands the private key out. */
public final class CheckpointSigner {

    private final KeyPair keys;
    private final String keyId;

    public CheckpointSigner(KeyPair keys) {
        this.keys = keys;
        this.keyId = AuditKeys.keyId(keys.getPublic());
    }

    public Checkpoint sign(long position, long count, String head, Instant at) {
        String sealedAt = at.truncatedTo(ChronoUnit.MILLIS).toString();
        String signature = AuditKeys.sign(keys.getPrivate(), Checkpoint.signedText(position, count, head, sealedAt, keyId));
        return new Checkpoint(position, count, head, sealedAt, keyId, signature);
    }

    /** The metadata to store for an event: {@code metadata} with the ledger's writer signature appended (see {@link EventAuthentication}). */
    public byte[] authenticate(String eventId, String aggregateType, String aggregateId, long sequenceNumber, String timestamp,
                               String payloadType, String payloadRevision, byte[] metadata, byte[] payload) {
        return EventAuthentication.sign(keys.getPrivate(), keyId, eventId, aggregateType, aggregateId, sequenceNumber,
                timestamp, payloadType, payloadRevision, metadata, payload);
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    public String keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "CheckpointSigner[keyId=" + keyId + "]";
    }
}
