package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.projections.audit.AuditLog;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The audit stream's JSON form, one object per line of an NDJSON export (docs/audit.md, "The
 * export"). Payload and metadata travel as base64 of the stored bytes, which is what the chain
 * covers; the decoded {@code payload} and {@code metadata} beside them are for reading, and a
 * reader checks they agree with the bytes.
 */
public final class AuditJson {

    public static final String FORMAT = "binkindly-ledger/audit-stream/1";

    private AuditJson() {
    }

    /** A line that is not a record of the stream, or contradicts itself. */
    public static final class MalformedLine extends Exception {
        public MalformedLine(String message) {
            super(message);
        }
    }

    public static ObjectNode header(ObjectMapper json, boolean complete, long after, AuditLog.Filter filter, Instant exportedAt,
                                    String keyId) {
        ObjectNode header = json.createObjectNode()
                .put("kind", "header")
                .put("format", FORMAT)
                .put("exportedAt", exportedAt.toString())
                .put("complete", complete)
                .put("after", after)
                .put("keyId", keyId);
        ObjectNode filters = header.putObject("filters");
        filters.put("aggregateId", filter.aggregateId());
        filters.put("aggregateType", filter.aggregateType());
        filters.put("type", filter.type());
        filters.put("from", filter.from() == null ? null : filter.from().toString());
        filters.put("to", filter.to() == null ? null : filter.to().toString());
        return header;
    }

    public static ObjectNode end(ObjectMapper json, long events, Long lastPosition) {
        ObjectNode end = json.createObjectNode().put("kind", "end").put("events", events);
        end.put("lastPosition", lastPosition);
        return end;
    }

    public static ObjectNode toJson(ObjectMapper json, AuditRecord record) {
        if (record instanceof AuditRecord.Event event) {
            return event(json, event);
        }
        if (record instanceof AuditRecord.Missing missing) {
            return json.createObjectNode().put("kind", "missing").put("position", missing.position()).put("link", missing.link());
        }
        Checkpoint checkpoint = ((AuditRecord.Signed) record).checkpoint();
        return json.createObjectNode()
                .put("kind", "checkpoint")
                .put("position", checkpoint.position())
                .put("count", checkpoint.count())
                .put("head", checkpoint.head())
                .put("sealedAt", checkpoint.sealedAt())
                .put("keyId", checkpoint.keyId())
                .put("signature", checkpoint.signature());
    }

    public static ObjectNode event(ObjectMapper json, AuditRecord.Event record) {
        AuditEvent event = record.event();
        ObjectNode node = json.createObjectNode()
                .put("kind", "event")
                .put("position", event.position())
                .put("eventId", event.eventId())
                .put("aggregateType", event.aggregateType())
                .put("aggregateId", event.aggregateId())
                .put("sequenceNumber", event.sequenceNumber())
                .put("timestamp", event.timestamp())
                .put("payloadType", event.payloadType())
                .put("payloadRevision", event.payloadRevision());
        node.set("metadata", readable(json, event.metadata()));
        node.set("payload", readable(json, event.payload()));
        node.put("metadataBase64", event.metadata() == null ? null : Base64.getEncoder().encodeToString(event.metadata()));
        node.put("payloadBase64", Base64.getEncoder().encodeToString(event.payload()));
        node.put("link", record.link());
        return node;
    }

    /**
     * Reads one line's record. Answers null for the header and end lines, which carry no record;
     * a line that contradicts itself (decoded payload not matching its bytes) is malformed.
     */
    public static AuditRecord fromJson(ObjectMapper json, JsonNode node) throws MalformedLine {
        String kind = node.path("kind").asText();
        try {
            switch (kind) {
                case "event" -> {
                    byte[] metadata = bytes(node, "metadataBase64");
                    byte[] payload = bytes(node, "payloadBase64");
                    if (payload == null) {
                        throw new MalformedLine("an event needs payloadBase64");
                    }
                    requireAgreement(json, node, "metadata", metadata);
                    requireAgreement(json, node, "payload", payload);
                    AuditEvent event = new AuditEvent(required(node, "position").asLong(), text(node, "eventId"),
                            text(node, "aggregateType"), text(node, "aggregateId"), required(node, "sequenceNumber").asLong(),
                            text(node, "timestamp"), text(node, "payloadType"), text(node, "payloadRevision"), metadata, payload);
                    return new AuditRecord.Event(event, text(node, "link"));
                }
                case "missing" -> {
                    return new AuditRecord.Missing(required(node, "position").asLong(), text(node, "link"));
                }
                case "checkpoint" -> {
                    return new AuditRecord.Signed(new Checkpoint(required(node, "position").asLong(),
                            required(node, "count").asLong(), text(node, "head"), text(node, "sealedAt"),
                            text(node, "keyId"), text(node, "signature")));
                }
                case "header", "end" -> {
                    return null;
                }
                default -> throw new MalformedLine("unknown kind '" + kind + "'");
            }
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new MalformedLine("a %s line is incomplete or invalid: %s".formatted(kind, e.getMessage()));
        }
    }

    private static void requireAgreement(ObjectMapper json, JsonNode node, String field, byte[] bytes) throws MalformedLine {
        JsonNode shown = node.get(field);
        if (shown == null) {
            return;
        }
        if (!readable(json, bytes).equals(shown)) {
            throw new MalformedLine("'%s' does not match the bytes in '%sBase64'".formatted(field, field));
        }
    }

    private static JsonNode readable(ObjectMapper json, byte[] bytes) {
        if (bytes == null) {
            return NullNode.getInstance();
        }
        try {
            JsonNode tree = json.readTree(bytes);
            return tree == null ? NullNode.getInstance() : tree;
        } catch (IOException notJson) {
            return NullNode.getInstance();
        }
    }

    private static JsonNode required(JsonNode node, String field) throws MalformedLine {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new MalformedLine("'%s' is missing or not a number".formatted(field));
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] bytes(JsonNode node, String field) throws MalformedLine {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("'%s' is not base64".formatted(field));
        }
    }
}
