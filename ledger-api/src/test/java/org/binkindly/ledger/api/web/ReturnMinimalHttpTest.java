package org.binkindly.ledger.api.web;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Prefer: return=minimal}: a command answers without its resource, with the same version and
 * position, and a read that sends the position back shows the write.
 */
class ReturnMinimalHttpTest extends LedgerHttpTest {

    private static final String[] MINIMAL = {"Prefer", "return=minimal"};

    @Test
    void anIncidentCommandAnswersWithoutTheIncidentAndTheWriteIsThere() {
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG), MINIMAL);
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        assertThat(declared.text()).isEmpty();
        assertThat(declared.header("Preference-Applied")).isEqualTo("return=minimal");
        String location = declared.header("Location");
        assertThat(location).startsWith("/incidents/inc-");

        LedgerClient.Response evidence = ledger.post(location + "/evidence", LedgerClient.ALICE_OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused publishing"), MINIMAL);
        assertThat(evidence.status()).as(evidence.toString()).isEqualTo(204);
        assertThat(evidence.text()).isEmpty();
        assertThat(evidence.header("Preference-Applied")).isEqualTo("return=minimal");
        String version = evidence.header("ETag");
        String position = evidence.header(LedgerPosition.HEADER);
        assertThat(Long.parseLong(position)).isGreaterThan(Long.parseLong(declared.header(LedgerPosition.HEADER)));

        LedgerClient.Response read = ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + location)).GET()
                .header(LedgerPosition.HEADER, position), LedgerClient.ALICE_OPERATOR);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo(version);
        assertThat(read.text()).contains("paused publishing");
    }

    @Test
    void anyOtherPreferenceGetsTheFullAnswer() {
        String id = new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        for (String prefer : new String[]{"return=representation", "respond-async, wait=5", "return-minimal", "return=\"minimal-ish\""}) {
            LedgerClient.Response full = ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR,
                    Map.of("field", "CONTAINMENT_ACTION", "action", "under " + prefer), "Prefer", prefer);
            assertThat(full.status()).as(prefer + ": " + full).isEqualTo(200);
            assertThat(full.json().path("incidentId").asText()).isEqualTo(id);
            assertThat(full.header("Preference-Applied")).isNull();
        }
        // among other preferences, in any case, quoted
        LedgerClient.Response minimal = ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "minimal among others"),
                "Prefer", "respond-async, RETURN=\"Minimal\"; foo=bar");
        assertThat(minimal.status()).as(minimal.toString()).isEqualTo(204);
    }

    @Test
    void aReplayUnderTheSameIdempotencyKeyAnswersAsTheFirstTime() {
        String id = new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                .path("incidentId").asText();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("field", "CONTAINMENT_ACTION", "action", "once only");
        LedgerClient.Response first = ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR, body,
                "Prefer", "return=minimal", "Idempotency-Key", key);
        LedgerClient.Response replay = ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR, body,
                "Prefer", "return=minimal", "Idempotency-Key", key);

        assertThat(first.status()).as(first.toString()).isEqualTo(204);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(204);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(ledger.get("/incidents/" + id, LedgerClient.ALICE_OPERATOR).text().split("once only", -1)).hasSize(2);
    }

    @Test
    void aCommandAnsweredFromItsViewHonoursItToo() {
        LedgerClient.Response activated = ledger.post("/kill-switches", LedgerClient.ALICE_OPERATOR,
                Map.of("kind", "BAD_PACK", "scope", Incidents.freshScope(), "reason", "v2 pack has no collection days"), MINIMAL);
        assertThat(activated.status()).as(activated.toString()).isEqualTo(201);
        assertThat(activated.text()).isEmpty();
        String location = activated.header("Location");
        assertThat(location).startsWith("/kill-switches/");
        assertThat(activated.header("ETag")).isNotBlank();

        LedgerClient.Response cleanRun = ledger.post(location + "/clean-runs", LedgerClient.ALICE_OPERATOR,
                Map.of("runReference", "nightly-1", "evidence", "clean"), MINIMAL);
        assertThat(cleanRun.status()).as(cleanRun.toString()).isEqualTo(204);
        assertThat(cleanRun.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(ledger.get(location, LedgerClient.ALICE_OPERATOR).text()).contains("nightly-1");
    }
}
