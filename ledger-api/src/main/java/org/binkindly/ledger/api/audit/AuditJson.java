package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * Writes one record as {@link #toJson} shapes it, field for field, straight to the generator: the export's hot
     * path. Building a tree per record, and parsing the stored payload and metadata into trees only to write them out
     * again, was most of an export's time; stored bytes that are one JSON value on one line go out as they are (the
     * verifier compares them as parsed JSON with the base64 bytes, so they are the same value either way).
     */
    public static void write(ObjectMapper json, JsonGenerator out, AuditRecord record) throws IOException {
        if (!(record instanceof AuditRecord.Event eventRecord)) {
            json.writeTree(out, toJson(json, record));
            return;
        }
        AuditEvent event = eventRecord.event();
        out.writeStartObject();
        out.writeStringField("kind", "event");
        out.writeNumberField("position", event.position());
        out.writeStringField("eventId", event.eventId());
        out.writeStringField("aggregateType", event.aggregateType());
        out.writeStringField("aggregateId", event.aggregateId());
        out.writeNumberField("sequenceNumber", event.sequenceNumber());
        out.writeStringField("timestamp", event.timestamp());
        out.writeStringField("payloadType", event.payloadType());
        out.writeStringField("payloadRevision", event.payloadRevision());
        out.writeFieldName("metadata");
        writeReadable(json, out, event.metadata());
        out.writeFieldName("payload");
        writeReadable(json, out, event.payload());
        // Jackson's MIME_NO_LINEFEEDS is the standard alphabet with padding, as Base64.getEncoder(): encoded straight into
        // the generator's buffer instead of through a String
        out.writeFieldName("metadataBase64");
        if (event.metadata() == null) {
            out.writeNull();
        } else {
            out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, event.metadata(), 0, event.metadata().length);
        }
        out.writeFieldName("payloadBase64");
        out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, event.payload(), 0, event.payload().length);
        out.writeStringField("link", eventRecord.link());
        out.writeEndObject();
    }

    private static void writeReadable(ObjectMapper json, JsonGenerator out, byte[] bytes) throws IOException {
        if (bytes != null && isOneJsonValueOnOneLine(json, bytes)) {
            out.writeRawValue(new StoredJson(bytes));
        } else {
            json.writeTree(out, readable(json, bytes));
        }
    }

    /** Checked with the streaming parser (no tree): exactly one JSON value, and no line break that would split the line. */
    private static boolean isOneJsonValueOnOneLine(ObjectMapper json, byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        try (JsonParser parser = json.getFactory().createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException notJson) {
            return false;
        }
    }

    /**
     * Stored JSON bytes (UTF-8) to write as they are: a UTF-8 generator copies them into its buffer, without decoding
     * them to a String and encoding that back. Other generators ask for the text.
     */
    private record StoredJson(byte[] bytes) implements SerializableString {

        @Override
        public String getValue() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes.clone();
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < bytes.length) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }

        private SerializedString text() {
            return new SerializedString(getValue());
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return text().putQuotedUTF8(buffer);
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
}
