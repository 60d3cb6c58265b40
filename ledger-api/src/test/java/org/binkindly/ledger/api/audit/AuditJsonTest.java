package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's streaming writer says exactly what the tree form says, whatever the stored bytes hold. */
class AuditJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"incidentId\":\"inc-1\",\"n\":1.50,\"big\":123456789012345678901234567890,\"text\":\"caf\\u00e9 \\\"q\\\"\"}",
        "[1,2,{\"a\":null}]",
        "\"just a string\"",
        "{\"twice\":1,\"twice\":2}",
        "{\"a\":1} trailing",
        "not json at all",
        "{\"pretty\":\n  true}",
        "NULL-BYTES"})
    void theStreamingLineEqualsTheTreeLine(String stored) throws Exception {
        byte[] payload = stored.getBytes(StandardCharsets.UTF_8);
        byte[] metadata = "NULL-BYTES".equals(stored) ? null : payload;
        AuditRecord.Event record = new AuditRecord.Event(new AuditEvent(7, "evt-7", "Incident", "inc-1", 3,
                "2026-12-03T23:00:00.000Z", "org.example.Happened", null, metadata, payload), "ab".repeat(32));

        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.getFactory().createGenerator(streamed)) {
            AuditJson.write(JSON, out, record);
        }
        String line = streamed.toString(StandardCharsets.UTF_8);

        assertThat(line).doesNotContain("\n");
        // both read back as a reader would (a tree built in memory holds a long where a parsed one holds an int)
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree(JSON.writeValueAsString(AuditJson.toJson(JSON, record))));
    }
}
