package org.binkindly.ledger.adapters.s3;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads and writes manifest JSON. Fields beyond the five the ledger relies on are the publisher's business and ignored. */
final class ManifestJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ManifestJson() {
    }

    /** Parses manifest bytes read from storage; {@code etag} is the ETag those bytes were read with. */
    static StoredManifest parse(byte[] bytes, String etag) throws UnreadableManifest {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new UnreadableManifest("is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes already in memory", e);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableManifest("is not a JSON object");
        }
        String manifestId = text(root, "manifestId");
        Scope scope;
        try {
            scope = Scope.parse(text(root, "scope"));
        } catch (RuntimeException e) {
            throw new UnreadableManifest("declares an invalid scope: " + e.getMessage());
        }
        String packKey = text(root, "packKey");
        String packSha256 = text(root, "packSha256").toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(packSha256).matches()) {
            throw new UnreadableManifest("declares packSha256 '%s', which is not 64 hex digits".formatted(packSha256));
        }
        Instant publishedAt;
        try {
            publishedAt = Instant.parse(text(root, "publishedAt"));
        } catch (DateTimeParseException e) {
            throw new UnreadableManifest("declares publishedAt '%s', which is not an ISO instant".formatted(root.get("publishedAt").asText()));
        }
        return new StoredManifest(manifestId, scope, packKey, packSha256, publishedAt, sha256Hex(bytes), etag);
    }

    /** The bytes a publisher writes for a manifest; stable for the same inputs, so republishing is idempotent. */
    static byte[] write(String manifestId, Scope scope, String packKey, String packSha256, Instant publishedAt) {
        ObjectNode manifest = JSON.createObjectNode()
                .put("manifestId", manifestId)
                .put("scope", scope.toString())
                .put("packKey", packKey)
                .put("packSha256", packSha256)
                .put("publishedAt", publishedAt.toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static String text(JsonNode root, String field) throws UnreadableManifest {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UnreadableManifest("has no '" + field + "' text");
        }
        return value.asText();
    }

    /** The bytes are not a manifest the ledger can act on; the message completes "the manifest ...". */
    static final class UnreadableManifest extends Exception {
        UnreadableManifest(String message) {
            super(message);
        }
    }
}
