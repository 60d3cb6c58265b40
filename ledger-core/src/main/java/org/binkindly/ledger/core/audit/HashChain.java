package org.binkindly.ledger.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The audit hash chain (docs/audit.md, "The chain"). Each event's link is SHA-256 over the
 * previous link followed by the event's canonical bytes; the first event's previous link is 32
 * zero bytes. Because the canonical bytes include the event's position, moving an event changes
 * its link as surely as changing one byte of it does.
 * <p>
 * Canonical bytes, version 1: the ASCII tag {@code binkindly-ledger/event/1}, then ten fields in
 * this order, each written as a 4-byte big-endian length followed by that many bytes, or as the
 * length {@code 0xFFFFFFFF} and no bytes for a null: position (8-byte big-endian), event id,
 * aggregate type, aggregate id, sequence number (8-byte big-endian), timestamp, payload type,
 * payload revision, metadata, payload. Texts are UTF-8.
 */
public final class HashChain {

    public static final String EVENT_TAG = "binkindly-ledger/event/1";
    private static final byte[] EVENT_TAG_BYTES = EVENT_TAG.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GENESIS = new byte[32];
    private static final int NULL_LENGTH = 0xFFFFFFFF;

    private byte[] head = GENESIS.clone();
    /** One digest for the chain's life: looking one up per event costs more than hashing a small event. */
    private final MessageDigest sha256 = sha256();
    private final byte[] lengthBuffer = new byte[8];
    private long count;
    private long lastPosition;

    /** An empty chain: no events, head of 32 zero bytes. */
    public HashChain() {
    }

    /** A chain continuing from a known state, e.g. the sealer's stored head. */
    public HashChain(String headHex, long count, long lastPosition) {
        this.head = HexFormat.of().parseHex(headHex);
        if (head.length != 32) {
            throw new IllegalArgumentException("a chain head is 32 bytes (64 hex digits)");
        }
        this.count = count;
        this.lastPosition = lastPosition;
    }

    /** Appends an event; answers its link as lower-case hex. */
    public String append(AuditEvent event) {
        head = link(head, event);
        count++;
        lastPosition = event.position();
        return HexFormat.of().formatHex(head);
    }

    public String head() {
        return HexFormat.of().formatHex(head);
    }

    public long count() {
        return count;
    }

    public long lastPosition() {
        return lastPosition;
    }

    public static String genesis() {
        return HexFormat.of().formatHex(GENESIS);
    }

    /** SHA-256 over {@code previous} and the event's canonical bytes, fed to the digest field by field rather than copied first. */
    private byte[] link(byte[] previous, AuditEvent event) {
        sha256.reset();
        sha256.update(previous);
        sha256.update(EVENT_TAG_BYTES);
        digestNumber(event.position());
        digestField(utf8(event.eventId()));
        digestField(utf8(event.aggregateType()));
        digestField(utf8(event.aggregateId()));
        digestNumber(event.sequenceNumber());
        digestField(utf8(event.timestamp()));
        digestField(utf8(event.payloadType()));
        digestField(utf8(event.payloadRevision()));
        digestField(event.metadata());
        digestField(event.payload());
        return sha256.digest();
    }

    private void digestNumber(long value) {
        digestLength(8);
        for (int i = 0; i < 8; i++) {
            lengthBuffer[i] = (byte) (value >>> (56 - 8 * i));
        }
        sha256.update(lengthBuffer, 0, 8);
    }

    private void digestField(byte[] value) {
        digestLength(value == null ? NULL_LENGTH : value.length);
        if (value != null) {
            sha256.update(value);
        }
    }

    private void digestLength(int length) {
        lengthBuffer[0] = (byte) (length >>> 24);
        lengthBuffer[1] = (byte) (length >>> 16);
        lengthBuffer[2] = (byte) (length >>> 8);
        lengthBuffer[3] = (byte) length;
        sha256.update(lengthBuffer, 0, 4);
    }

    /** The event's canonical bytes, version 1 (see the class comment and docs/audit.md). */
    public static byte[] canonicalBytes(AuditEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.payload().length
                + (event.metadata() == null ? 0 : event.metadata().length));
        out.writeBytes(EVENT_TAG_BYTES);
        field(out, ByteBuffer.allocate(8).putLong(event.position()).array());
        field(out, utf8(event.eventId()));
        field(out, utf8(event.aggregateType()));
        field(out, utf8(event.aggregateId()));
        field(out, ByteBuffer.allocate(8).putLong(event.sequenceNumber()).array());
        field(out, utf8(event.timestamp()));
        field(out, utf8(event.payloadType()));
        field(out, utf8(event.payloadRevision()));
        field(out, event.metadata());
        field(out, event.payload());
        return out.toByteArray();
    }

    /** One length-prefixed field of the canonical bytes (4-byte big-endian length, 0xFFFFFFFF for null). */
    static void field(ByteArrayOutputStream out, byte[] value) {
        int length = value == null ? NULL_LENGTH : value.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        if (value != null) {
            out.writeBytes(value);
        }
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
