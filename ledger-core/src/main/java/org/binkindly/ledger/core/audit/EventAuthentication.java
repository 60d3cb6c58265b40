package org.binkindly.ledger.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Map;

/**
 * Writer authentication (docs/audit.md, "Writer authentication"): the ledger signs every event
 * with its Ed25519 key before the row is inserted, so a row someone inserts with SQL carries no
 * valid signature. PostgreSQL never holds the private key.
 * <p>
 * The signature travels in the stored metadata as its last field, {@code "ledgerSignature":"<key
 * id>:<base64 signature>"}, appended to the metadata JSON as it was serialised. Taking that field
 * off again (with the comma before it) gives back exactly the bytes that were signed, so a
 * verifier needs nothing but the stored row.
 * <p>
 * Signed bytes, version 1: the ASCII tag {@code binkindly-ledger/event-auth/1}, then nine fields
 * written like the chain's canonical fields (4-byte big-endian length, or {@code FFFFFFFF} for a
 * null): event id, aggregate type, aggregate id, sequence number (8-byte big-endian), timestamp,
 * payload type, payload revision, metadata without the signature field, payload. The position is
 * not in it: PostgreSQL assigns it during the insert. The hash chain covers the position.
 */
public final class EventAuthentication {

    public static final String METADATA_KEY = "ledgerSignature";
    public static final String TAG = "binkindly-ledger/event-auth/1";

    private static final byte[] TAG_BYTES = TAG.getBytes(StandardCharsets.US_ASCII);
    /** What follows the signature field's opening {@code ,} or {@code &#123;}: its quoted name, a colon and the value's quote. */
    private static final byte[] FIELD_OPENING = ("\"" + METADATA_KEY + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID_OFFSET = 1 + FIELD_OPENING.length;
    private static final int SIGNATURE_OFFSET = KEY_ID_OFFSET + 64 + 1;
    /** The signature field's length: opening character, name, key id, colon, 88 base64 characters, closing quote and brace. */
    /** The bytes of a key id ({@code [0-9a-f]}) and of a signature's base64 ({@code [A-Za-z0-9+/]}), looked up per byte. */
    private static final boolean[] LOWER_HEX = bytesOf("0123456789abcdef");
    private static final boolean[] BASE64 = bytesOf("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    private static final int SIGNATURE_FIELD_LENGTH = SIGNATURE_OFFSET + 88 + 2;

    private EventAuthentication() {
    }

    /** Whether an event's writer signature holds, and if not why. */
    public sealed interface Verdict {

        record Authentic(String keyId) implements Verdict {
        }

        /** The metadata carries no signature field: the row was not written by the ledger (or before writer authentication). */
        record Missing() implements Verdict {
        }

        /** A signature is there and does not verify, or was made with a key that is not trusted. */
        record Invalid(String detail) implements Verdict {
        }
    }

    /**
     * The metadata to store: {@code metadata} (the serialised JSON object) with the ledger's
     * signature over the event appended as its last field.
     */
    public static byte[] sign(PrivateKey key, String keyId, String eventId, String aggregateType, String aggregateId,
                              long sequenceNumber, String timestamp, String payloadType, String payloadRevision,
                              byte[] metadata, byte[] payload) {
        if (metadata == null || metadata.length < 2 || metadata[0] != '{' || metadata[metadata.length - 1] != '}') {
            throw new IllegalArgumentException("event metadata must be a serialised JSON object to carry a signature");
        }
        String signature = AuditKeys.sign(key, signedBytes(eventId, aggregateType, aggregateId, sequenceNumber, timestamp,
                payloadType, payloadRevision, metadata, payload));
        String field = "\"" + METADATA_KEY + "\":\"" + keyId + ":" + signature + "\"}";
        boolean empty = metadata.length == 2;
        byte[] suffix = ((empty ? "" : ",") + field).getBytes(StandardCharsets.US_ASCII);
        byte[] signed = Arrays.copyOf(metadata, metadata.length - 1 + suffix.length);
        System.arraycopy(suffix, 0, signed, metadata.length - 1, suffix.length);
        return signed;
    }

    /** Checks the writer signature of a stored event against the trusted keys (by key id). */
    public static Verdict check(AuditEvent event, Map<String, PublicKey> trustedKeys) {
        return claim(event, trustedKeys).verdict();
    }

    /**
     * Reads an event's writer-signature field without checking the signature itself: whether it is missing, malformed
     * or by an untrusted key is settled here; {@link Claim#verdict()} does the Ed25519 check, which costs far more
     * than everything else a verifier does per event, and which a verifier may leave out for events a verified
     * checkpoint covers (docs/audit.md, "Which writer signatures are checked").
     */
    public static Claim claim(AuditEvent event, Map<String, PublicKey> trustedKeys) {
        if (event.metadata() == null) {
            return new Claim(event, new Verdict.Missing(), null, null, null, -1, false);
        }
        byte[] stored = event.metadata();
        int start = signatureFieldStart(stored);
        if (start < 0) {
            String text = new String(stored, StandardCharsets.ISO_8859_1); // byte for byte, whatever the encoding
            return new Claim(event, text.contains("\"" + METADATA_KEY + "\"")
                    ? new Verdict.Invalid("the metadata's " + METADATA_KEY + " field is not its well-formed last field")
                    : new Verdict.Missing(), null, null, null, -1, false);
        }
        String keyId = new String(stored, start + KEY_ID_OFFSET, 64, StandardCharsets.ISO_8859_1);
        PublicKey key = trustedKeys.get(keyId);
        if (key == null) {
            return new Claim(event, new Verdict.Invalid("signed by key %s, which is not among the keys given".formatted(keyId)),
                    null, null, null, -1, false);
        }
        String signature = new String(stored, start + SIGNATURE_OFFSET, 88, StandardCharsets.ISO_8859_1);
        return new Claim(event, null, keyId, key, signature, start, stored[start] == '{');
    }

    /**
     * Where the signature field {@code [,{]"ledgerSignature":"<64 hex>:<86 base64>=="}} starts, if it ends the metadata;
     * else -1. It has a fixed length, so only its one possible place is looked at (this runs for every event).
     */
    private static boolean[] bytesOf(String allowed) {
        boolean[] table = new boolean[256];
        allowed.chars().forEach(c -> table[c] = true);
        return table;
    }

    private static int signatureFieldStart(byte[] metadata) {
        int start = metadata.length - SIGNATURE_FIELD_LENGTH;
        if (start < 0 || (metadata[start] != ',' && metadata[start] != '{')) {
            return -1;
        }
        int at = start + 1;
        for (byte expected : FIELD_OPENING) {
            if (metadata[at++] != expected) {
                return -1;
            }
        }
        for (int i = 0; i < 64; i++, at++) {
            if (!LOWER_HEX[metadata[at] & 0xff]) {
                return -1;
            }
        }
        if (metadata[at++] != ':') {
            return -1;
        }
        for (int i = 0; i < 86; i++, at++) {
            if (!BASE64[metadata[at] & 0xff]) {
                return -1;
            }
        }
        return metadata[at] == '=' && metadata[at + 1] == '=' && metadata[at + 2] == '"' && metadata[at + 3] == '}' ? start : -1;
    }

    /**
     * An event's writer-signature field as read by {@link #claim}: either settled without cryptography (no signature,
     * a malformed one, an untrusted key) or a well-formed signature by a trusted key, checked when {@link #verdict()}
     * is first asked (then remembered). Not safe for two threads at once; hand it over as a whole.
     */
    public static final class Claim {
        private final AuditEvent event;
        private final String keyId;
        private final PublicKey key;
        private final String signature;
        private final int fieldStart;
        private final boolean onlyField;
        private Verdict verdict;

        private Claim(AuditEvent event, Verdict settled, String keyId, PublicKey key, String signature, int fieldStart,
                      boolean onlyField) {
            this.event = event;
            this.verdict = settled;
            this.keyId = keyId;
            this.key = key;
            this.signature = signature;
            this.fieldStart = fieldStart;
            this.onlyField = onlyField;
        }

        /** The position of the event whose signature this is. */
        public long position() {
            return event.position();
        }

        /** True when the event carries a well-formed signature by a trusted key, whether or not it was checked yet. */
        public boolean signed() {
            return keyId != null;
        }

        /** The verdict, checking the Ed25519 signature the first time it is asked for one. */
        public Verdict verdict() {
            if (verdict == null) {
                byte[] stored = event.metadata();
                byte[] unsigned = Arrays.copyOf(stored, fieldStart + (onlyField ? 2 : 1));
                if (onlyField) {
                    unsigned[fieldStart] = '{';
                    unsigned[fieldStart + 1] = '}';
                } else {
                    unsigned[fieldStart] = '}';
                }
                byte[] signedBytes = signedBytes(event.eventId(), event.aggregateType(), event.aggregateId(),
                        event.sequenceNumber(), event.timestamp(), event.payloadType(), event.payloadRevision(), unsigned,
                        event.payload());
                verdict = AuditKeys.verify(key, signedBytes, signature) ? new Verdict.Authentic(keyId)
                        : new Verdict.Invalid("the writer signature does not verify: the row was not written by the ledger as it stands");
            }
            return verdict;
        }
    }

    /** The bytes the ledger signs for an event (see the class comment); {@code metadata} is without the signature field. */
    public static byte[] signedBytes(String eventId, String aggregateType, String aggregateId, long sequenceNumber,
                                     String timestamp, String payloadType, String payloadRevision, byte[] metadata,
                                     byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + payload.length + metadata.length);
        out.writeBytes(TAG_BYTES);
        HashChain.field(out, HashChain.utf8(eventId));
        HashChain.field(out, HashChain.utf8(aggregateType));
        HashChain.field(out, HashChain.utf8(aggregateId));
        HashChain.field(out, ByteBuffer.allocate(8).putLong(sequenceNumber).array());
        HashChain.field(out, HashChain.utf8(timestamp));
        HashChain.field(out, HashChain.utf8(payloadType));
        HashChain.field(out, HashChain.utf8(payloadRevision));
        HashChain.field(out, metadata);
        HashChain.field(out, payload);
        return out.toByteArray();
    }
}
