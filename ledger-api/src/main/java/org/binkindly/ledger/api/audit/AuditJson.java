package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.ExportVerification;
import org.binkindly.ledger.projections.audit.AuditLog;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The audit stream's JSON form, one object per line of an NDJSON export (docs/audit.md, "The
 * export"). Payload and metadata travel as base64 of the stored bytes, which is what the chain
 * covers; the decoded {@code payload} and {@code metadata} beside them are for reading. Exports are read
 * back, for verification, by {@code core.audit.ExportVerification}.
 */
public final class AuditJson {

    /** The export format the header names; the verifiers read exactly this (ExportVerification). */
    public static final String FORMAT = ExportVerification.FORMAT;

    private AuditJson() {
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
}
