package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

class AuditStreamHttpTest extends LedgerHttpTest {

    private static final String AUDITOR = LedgerClient.AUDREY_AUDITOR;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAuditorPagesThroughAnIncidentsEventsWithTheirStoredBytesInGlobalOrder() {
        String incidentId = declare();

        JsonNode firstPage = expectOk(ledger.get("/audit/events?limit=1&aggregateId=" + incidentId, AUDITOR));
        assertThat(firstPage.path("events")).hasSize(1);
        JsonNode declared = firstPage.path("events").get(0);
        assertThat(declared.path("kind").asText()).isEqualTo("event");
        assertThat(declared.path("aggregateType").asText()).isEqualTo("Incident");
        assertThat(declared.path("aggregateId").asText()).isEqualTo(incidentId);
        assertThat(declared.path("sequenceNumber").asLong()).isZero();
        assertThat(declared.path("payloadType").asText()).isEqualTo("org.binkindly.ledger.core.incident.IncidentDeclared");
        assertThat(declared.path("payloadRevision").asText()).isEqualTo("1");
        assertThat(declared.path("metadata").path("actor").asText()).isEqualTo("alice");
        assertThat(declared.path("payload").path("incidentId").asText()).isEqualTo(incidentId);
        Map<String, Object> row = jdbc.queryForMap(
                "select global_index, payload, meta_data, time_stamp, event_identifier from domain_event_entry where aggregate_identifier = ? and sequence_number = 0",
                incidentId);
        assertThat(declared.path("position").asLong()).isEqualTo(row.get("global_index"));
        assertThat(Base64.getDecoder().decode(declared.path("payloadBase64").asText())).isEqualTo(row.get("payload"));
        assertThat(Base64.getDecoder().decode(declared.path("metadataBase64").asText())).isEqualTo(row.get("meta_data"));
        assertThat(declared.path("timestamp").asText()).isEqualTo(row.get("time_stamp"));
        assertThat(declared.path("eventId").asText()).isEqualTo(row.get("event_identifier"));

        long nextAfter = firstPage.path("nextAfter").asLong();
        assertThat(nextAfter).isEqualTo(declared.path("position").asLong());
        JsonNode secondPage = expectOk(ledger.get(firstPage.path("next").asText(), AUDITOR));
        assertThat(secondPage.path("events")).hasSize(1);
        assertThat(secondPage.path("events").get(0).path("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(secondPage.path("events").get(0).path("position").asLong()).isGreaterThan(nextAfter);
        assertThat(secondPage.path("nextAfter").isNull()).isTrue();
    }

    @Test
    void theStreamNarrowsByAggregateTypeEventTypeAndTimeRange() {
        Instant before = Instant.now().minusMillis(5);
        String incidentId = declare();
        Instant after = Instant.now().plusMillis(5);

        JsonNode byType = expectOk(ledger.get("/audit/events?limit=1000&type=ChecklistItemsAdded&after="
                + (position(incidentId, 0) - 1), AUDITOR));
        assertThat(byType.path("events").get(0).path("aggregateId").asText()).isEqualTo(incidentId);
        assertThat(texts(byType.path("events"), "payloadType")).containsOnly("org.binkindly.ledger.core.incident.ChecklistItemsAdded");

        JsonNode inWindow = expectOk(ledger.get("/audit/events?aggregateType=Incident&aggregateId=" + incidentId
                + "&from=" + encode(before) + "&to=" + encode(after), AUDITOR));
        assertThat(inWindow.path("events")).hasSize(2);
        JsonNode afterWindow = expectOk(ledger.get("/audit/events?aggregateId=" + incidentId + "&from=" + encode(after), AUDITOR));
        assertThat(afterWindow.path("events")).isEmpty();
        JsonNode otherType = expectOk(ledger.get("/audit/events?aggregateType=KillSwitch&aggregateId=" + incidentId, AUDITOR));
        assertThat(otherType.path("events")).isEmpty();

        LedgerClient.Response backwards = ledger.get("/audit/events?from=" + encode(after) + "&to=" + encode(before), AUDITOR);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.code()).isEqualTo("VALIDATION_FAILED");
        LedgerClient.Response notATime = ledger.get("/audit/events?from=yesterday", AUDITOR);
        assertThat(notATime.status()).isEqualTo(400);
        assertThat(notATime.code()).isEqualTo("INVALID_VALUE");
        LedgerClient.Response hugePage = ledger.get("/audit/events?limit=100000", AUDITOR);
        assertThat(hugePage.status()).isEqualTo(400);
        assertThat(hugePage.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(hugePage.json().path("detail").asText()).isEqualTo("limit must be less than or equal to 1000");
        // the same bounded parameter elsewhere was a 500 before the ConstraintViolationException handler
        assertThat(ledger.get("/incidents?limit=5000", AUDITOR).code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void onlyAuditorsAndAdminsReadTheStream() {
        for (String path : List.of("/audit/events", "/audit/stream", "/audit/chain", "/audit/verification", "/audit/public-key",
                "/audit/checkpoints")) {
            LedgerClient.Response operator = ledger.get(path, LedgerClient.ALICE_OPERATOR);
            assertThat(operator.status()).as(path).isEqualTo(403);
            assertThat(operator.code()).isEqualTo("FORBIDDEN");
            assertThat(ledger.get(path, LedgerClient.OLIVIA_OWNER).status()).as(path).isEqualTo(403);
            assertThat(ledger.get(path, null).status()).as(path).isEqualTo(401);
        }
        assertThat(ledger.get("/audit/events?limit=1", LedgerClient.ROOT_ADMIN).status()).isEqualTo(200);
        assertThat(ledger.get("/audit/chain", AUDITOR).status()).isEqualTo(200);
    }

    @Test
    void theNdjsonExportHasAHeaderEveryEventSealedWithCheckpointsAfterTheirEventAndAnEndLine() {
        String incidentId = declare();
        long position = position(incidentId, 1);
        awaitSealedThrough(position);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastAnchoredPosition() >= position);

        LedgerClient.Response export = ledger.get("/audit/stream", AUDITOR);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = lines(export.text());
        assertThat(lines.get(0).path("kind").asText()).isEqualTo("header");
        assertThat(lines.get(0).path("format").asText()).isEqualTo("binkindly-ledger/audit-stream/1");
        assertThat(lines.get(0).path("complete").asBoolean()).isTrue();
        JsonNode end = lines.get(lines.size() - 1);
        assertThat(end.path("kind").asText()).isEqualTo("end");
        List<JsonNode> events = lines.stream().filter(line -> line.path("kind").asText().equals("event")).toList();
        assertThat(end.path("events").asLong()).isEqualTo(events.size());
        long previous = 0;
        for (JsonNode event : events) {
            assertThat(event.path("position").asLong()).isGreaterThan(previous);
            previous = event.path("position").asLong();
        }
        JsonNode mine = events.stream().filter(event -> event.path("position").asLong() == position).findFirst().orElseThrow();
        assertThat(mine.path("link").asText()).hasSize(64);

        PublicKey key = AuditKeys.fromPublicKeyPem(ledger.get("/audit/public-key", AUDITOR).text());
        List<JsonNode> checkpoints = lines.stream().filter(line -> line.path("kind").asText().equals("checkpoint")).toList();
        assertThat(checkpoints).isNotEmpty();
        for (JsonNode line : checkpoints) {
            Checkpoint checkpoint = new Checkpoint(line.path("position").asLong(), line.path("count").asLong(),
                    line.path("head").asText(), line.path("sealedAt").asText(), line.path("keyId").asText(),
                    line.path("signature").asText());
            assertThat(AuditKeys.verify(key, checkpoint.signedText(), checkpoint.signature())).isTrue();
            int index = lines.indexOf(line);
            JsonNode before = lines.get(index - 1);
            assertThat(before.path("position").asLong()).as("a checkpoint follows the event it covers").isEqualTo(checkpoint.position());
            assertThat(before.path("link").asText()).isEqualTo(checkpoint.head());
        }

        List<JsonNode> filtered = lines(expectText(ledger.get("/audit/stream?aggregateId=" + incidentId, AUDITOR)));
        assertThat(filtered.get(0).path("complete").asBoolean()).isFalse();
        assertThat(filtered.get(0).path("filters").path("aggregateId").asText()).isEqualTo(incidentId);
        assertThat(filtered.subList(1, filtered.size() - 1)).extracting(line -> line.path("aggregateId").asText())
                .containsExactly(incidentId, incidentId);
    }

    @Test
    void theSealerAnchorsSignedCheckpointsInObjectStorageAndTheUntouchedLogVerifies() {
        String incidentId = declare();
        long position = position(incidentId, 1);
        awaitSealedThrough(position);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastAnchoredPosition() >= position);

        JsonNode checkpoints = expectOk(ledger.get("/audit/checkpoints?limit=5", AUDITOR));
        assertThat(checkpoints.get(0).path("anchorLocation").asText()).matches("s3://ledger/audit/checkpoints/\\d{19}\\.json");
        JsonNode report = expectOk(ledger.get("/audit/verification", AUDITOR));
        assertThat(report.path("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("firstFailure").isNull()).isTrue();
        assertThat(report.path("signedThrough").asLong()).isGreaterThanOrEqualTo(position);
        assertThat(report.path("anchors").path("checkpoints").asInt()).isPositive();
        assertThat(report.path("anchors").path("problem").isNull()).isTrue();
        assertThat(report.path("keyId").asText()).isEqualTo(expectOk(ledger.get("/audit/chain", AUDITOR))
                .path("lastCheckpoint").path("keyId").asText());
    }

    @Test
    void theOpenApiDescriptionCoversTheAuditAndReviewEndpoints() {
        JsonNode paths = expectOk(ledger.get("/v3/api-docs", AUDITOR)).path("paths");
        for (String path : List.of("/audit/events", "/audit/stream", "/audit/verification", "/audit/chain", "/projections",
                "/projections/{group}/rebuild", "/as-of/incidents/{incidentId}", "/as-of/scopes/{kind}/{id}/posture",
                "/evidence-records/{record}", "/reviews/incidents", "/reviews/rollbacks", "/reviews/recurrences")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }

    private String declare() {
        return new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
    }

    private long position(String aggregateId, long sequenceNumber) {
        return jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ? and sequence_number = ?",
                Long.class, aggregateId, sequenceNumber);
    }

    private void awaitSealedThrough(long position) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                expectOk(ledger.get("/audit/chain", AUDITOR)).path("sealedThrough").asLong() >= position);
    }

    private long lastAnchoredPosition() {
        JsonNode anchored = expectOk(ledger.get("/audit/chain", AUDITOR)).path("lastAnchoredCheckpoint");
        return anchored.isNull() ? 0 : anchored.path("position").asLong();
    }

    private static String expectText(LedgerClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text();
    }

    static List<JsonNode> lines(String ndjson) {
        assertThat(ndjson).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
