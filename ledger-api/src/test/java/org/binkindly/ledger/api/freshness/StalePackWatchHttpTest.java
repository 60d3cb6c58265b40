package org.binkindly.ledger.api.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.ObjectStorePublisher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/** The watch reads the real (embedded) object store; a breach comes in through the alert intake and a fresh publish resolves it. */
class StalePackWatchHttpTest extends LedgerHttpTest {

    private static final String SCOPE = "locality/watch-town";
    private static final String OPERATOR = LedgerClient.ALICE_OPERATOR;

    @Autowired
    private EmbeddedObjectStore objectStore;

    @Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void aStalePackRaisesAStalePackIncidentThroughIntakeAndAFreshPublishRecordsItsRecovery() {
        ObjectStorePublisher publisher = new ObjectStorePublisher(objectStore);
        Instant old = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        publisher.publish(SCOPE, "watch-town-v1", old);

        JsonNode checks = expectOk(ledger.post("/stale-pack/checks", OPERATOR, Map.of()));
        JsonNode mine = find(checks, SCOPE);
        assertThat(mine.path("manifestId").asText()).isEqualTo("watch-town-v1");
        assertThat(mine.path("stale").asBoolean()).isTrue();

        JsonNode incident = await().atMost(Duration.ofSeconds(20)).until(() -> stalePackIncident(), node -> node != null);
        assertThat(incident.path("severity").asText()).isEqualTo("SEV2");
        assertThat(incident.path("declared").path("actor").asText()).isEqualTo("ledger:stale-pack-watch");
        assertThat(incident.path("detectedAt").asText()).isEqualTo(old.plus(1, ChronoUnit.HOURS).toString());
        JsonNode view = find(expectOk(ledger.get("/stale-pack", LedgerClient.AUDREY_AUDITOR)), SCOPE);
        assertThat(view.path("stale").asBoolean()).isTrue();
        assertThat(view.path("ageSeconds").asLong()).isGreaterThanOrEqualTo(7200);

        // checking again while still stale is no second breach and no second incident
        expectOk(ledger.post("/stale-pack/checks", OPERATOR, Map.of()));

        // evidence in and every step ticked, yet while the watch sees the pack stale the incident does not close
        String id = incident.path("incidentId").asText();
        new Incidents(ledger).evidenceEverything(id);
        LedgerClient.Response refused = ledger.post("/incidents/" + id + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "refresh looks fine"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("INCIDENT_NOT_CLOSABLE");
        assertThat(refused.json().path("missing").toString()).isEqualTo("[\"STALE_PACK/FRESH_AGAIN\"]");

        publisher.publish(SCOPE, "watch-town-v2", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        expectOk(ledger.post("/stale-pack/checks", OPERATOR, Map.of()));

        String incidentId = incident.path("incidentId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode now = expectOk(ledger.get("/incidents/" + incidentId, OPERATOR));
            assertThat(now.path("alerts")).hasSize(1);
            assertThat(now.path("alerts").get(0).path("endsAt").isTextual()).isTrue();
            assertThat(now.path("status").asText()).isEqualTo("OPEN");
        });
        JsonNode recovered = find(expectOk(ledger.get("/stale-pack", OPERATOR)), SCOPE);
        assertThat(recovered.path("stale").asBoolean()).isFalse();
        assertThat(recovered.path("manifestId").asText()).isEqualTo("watch-town-v2");
        assertThat(recovered.path("breaches").asInt()).isEqualTo(1);
        assertThat(expectOk(ledger.get("/incidents?scope=" + SCOPE, OPERATOR))).hasSize(1);
        // fresh again, as the watch saw it: now it closes
        expectOk(ledger.post("/incidents/" + id + "/closure", LedgerClient.OLIVIA_OWNER,
                Map.of("postIncidentRecord", "fresh publish back within threshold")));
    }

    @Test
    void theWatchIsAScheduledTaskInPostgresqlSoOneNodeRunsEachCheck() {
        assertThat(jdbc.queryForList("select task_instance from scheduled_tasks where task_name = 'stale-pack-watch'",
                String.class)).containsExactly("recurring");
    }

    @Test
    void onlyRespondersMayTriggerACheck() {
        assertThat(ledger.post("/stale-pack/checks", LedgerClient.AUDREY_AUDITOR, Map.of()).status()).isEqualTo(403);
    }

    private JsonNode stalePackIncident() {
        JsonNode incidents = expectOk(ledger.get("/incidents?scope=" + SCOPE, OPERATOR));
        for (JsonNode summary : incidents) {
            if (summary.path("incidentClass").asText().equals("STALE_PACK")) {
                return expectOk(ledger.get("/incidents/" + summary.path("incidentId").asText(), OPERATOR));
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode list, String scope) {
        for (JsonNode node : list) {
            if (node.path("scope").asText().equals(scope)) {
                return node;
            }
        }
        throw new AssertionError("no entry for " + scope + " in " + list);
    }
}
