package org.binkindly.ledger.api.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.audit.EventAuthentication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.benchmark.seeding-enabled=true")
// an application with settings of its own, closed when the class ends rather than kept idle (CachedApplicationsTest)
@DirtiesContext
class BenchmarkSeedingHttpTest extends LedgerHttpTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void seededIncidentsAreRealSignedEventsThatTheViewsFoldTheSealerSealsAndARebuildReproduces() {
        long headBefore = head();
        LedgerClient.Response response = ledger.post("/benchmark/seed?incidents=3&eventsPerIncident=40", LedgerClient.ROOT_ADMIN, "");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        JsonNode seeded = response.json();
        List<String> ids = new ArrayList<>();
        seeded.path("incidentIds").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        assertThat(seeded.path("events").asLong()).isEqualTo(120);
        assertThat(seeded.path("head").asLong()).isGreaterThanOrEqualTo(headBefore + 120);

        for (String id : ids) {
            assertThat(jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ? "
                    + "order by sequence_number", Long.class, id))
                    .as("one gapless aggregate stream").hasSize(40).first().isEqualTo(0L);
            String metadata = jdbc.queryForObject("select convert_from(meta_data, 'UTF8') from domain_event_entry "
                    + "where aggregate_identifier = ? and sequence_number = 39", String.class, id);
            assertThat(metadata.split("\"" + EventAuthentication.METADATA_KEY + "\"", -1))
                    .as("one writer signature in " + metadata).hasSize(2);
            assertThat(metadata).contains("\"actor\"");
            JsonNode timeline = expectOk(ledger.get("/incidents/" + id + "/timeline", LedgerClient.ALICE_OPERATOR));
            assertThat(timeline.path("entries")).hasSize(40);
            assertThat(timeline.path("entries").get(39).path("eventType").asText()).isEqualTo("ContainmentActionRecorded");
            assertThat(timeline.path("entries").get(39).path("actor").asText()).isEqualTo("root");
            JsonNode incident = expectOk(ledger.get("/incidents/" + id, LedgerClient.ALICE_OPERATOR));
            assertThat(incident.path("version").asLong()).isEqualTo(39);
        }
        // a command on a seeded incident continues its stream
        LedgerClient.Response evidence = ledger.post("/incidents/" + ids.get(0) + "/evidence", LedgerClient.ALICE_OPERATOR,
                "{\"field\":\"CONTAINMENT_ACTION\",\"action\":\"paused the publisher\"}");
        assertThat(evidence.status()).as(evidence.text()).isIn(200, 201);

        long head = head();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode report = expectOk(ledger.get("/audit/verification", LedgerClient.AUDREY_AUDITOR));
            assertThat(report.path("intact").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.path("signedThrough").asLong()).as(report.toString()).isGreaterThanOrEqualTo(head);
            assertThat(report.path("unauthenticatedEvents").asLong()).isZero();
        });

        String timelineBefore = ledger.get("/incidents/" + ids.get(1) + "/timeline", LedgerClient.ALICE_OPERATOR).text();
        JsonNode rebuilt = expectOk(ledger.post("/projections/incident-views/rebuild", LedgerClient.ROOT_ADMIN, "{}"));
        assertThat(rebuilt.path("caughtUp").asBoolean()).isTrue();
        assertThat(ledger.get("/incidents/" + ids.get(1) + "/timeline", LedgerClient.ALICE_OPERATOR).text()).isEqualTo(timelineBefore);
    }

    @Test
    void onlyAnAdminSeedsAndOnlyWithinBounds() {
        LedgerClient.Response operator = ledger.post("/benchmark/seed?incidents=1", LedgerClient.ALICE_OPERATOR, "");
        assertThat(operator.status()).isEqualTo(403);
        for (String query : List.of("incidents=0", "incidents=100001", "incidents=1&eventsPerIncident=0")) {
            LedgerClient.Response refused = ledger.post("/benchmark/seed?" + query, LedgerClient.ROOT_ADMIN, "");
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.code()).as(query).isEqualTo("VALIDATION_FAILED");
        }
        LedgerClient.Response notANumber = ledger.post("/benchmark/seed?incidents=many", LedgerClient.ROOT_ADMIN, "");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.isProblem()).isTrue();
    }

    private long head() {
        return jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
    }
}
