package org.binkindly.ledger.core.audit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed statement of the chain at one position: after sealing every event up to and including
 * {@code position}, the chain held {@code count} events and its head was {@code head}. What is
 * signed is {@link #signedText()}, a few lines of UTF-8 text, so any language can rebuild it.
 *
 * @param position  the position of the last event the checkpoint covers
 * @param count     how many events the chain holds up to there
 * @param head      the chain head after that event, lower-case hex
 * @param sealedAt  when it was signed, ISO-8601 UTC, exactly as signed
 * @param keyId     lower-case hex SHA-256 of the raw 32-byte Ed25519 public key that signed it
 * @param signature the Ed25519 signature of {@link #signedText()}, base64
 */
public record Checkpoint(long position, long count, String head, String sealedAt, String keyId, String signature) {

    public static final String TAG = "binkindly-ledger/checkpoint/1";
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    public Checkpoint {
        Objects.requireNonNull(sealedAt, "sealedAt");
        Objects.requireNonNull(signature, "signature");
        if (head == null || !HEX_64.matcher(head).matches()) {
            throw new IllegalArgumentException("head must be 64 lower-case hex digits");
        }
        if (keyId == null || !HEX_64.matcher(keyId).matches()) {
            throw new IllegalArgumentException("keyId must be 64 lower-case hex digits");
        }
        if (sealedAt.contains("\n")) {
            throw new IllegalArgumentException("sealedAt must be a single line");
        }
    }

    /** The exact bytes the signature covers. */
    public byte[] signedText() {
        return signedText(position, count, head, sealedAt, keyId);
    }

    static byte[] signedText(long position, long count, String head, String sealedAt, String keyId) {
        return (TAG + "\n"
                + "position=" + position + "\n"
                + "count=" + count + "\n"
                + "head=" + head + "\n"
                + "sealed-at=" + sealedAt + "\n"
                + "key=" + keyId + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
