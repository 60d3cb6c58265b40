package org.binkindly.ledger.api.web;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's answer hands back the log position of its last event, and a read that sends it back
 * waits only for that position: with the incident view stopped behind other writes, the caller
 * still reads its own write at once (a read waiting for the head would sit out the whole
 * read-your-writes timeout, 10 s in tests).
 */
class LedgerPositionHttpTest extends LedgerHttpTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ViewFreshness freshness;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aCommandsAnswerCarriesThePositionOfItsLastEvent() {
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        String id = declared.json().path("incidentId").asText();
        assertThat(Long.parseLong(declared.header(LedgerPosition.HEADER))).isEqualTo(lastPositionOf(id));

        LedgerClient.Response evidence = ledger.post("/incidents/" + id + "/evidence", LedgerClient.ALICE_OPERATOR,
                Map.of("field", "CONTAINMENT_ACTION", "action", "paused publishing"));
        assertThat(evidence.status()).as(evidence.toString()).isEqualTo(200);
        long position = Long.parseLong(evidence.header(LedgerPosition.HEADER));
        assertThat(position).isEqualTo(lastPositionOf(id)).isGreaterThan(Long.parseLong(declared.header(LedgerPosition.HEADER)));
    }

    @Test
    void aReadWithItsPositionWaitsForThatPositionOnlyNotForTheHeadOfTheLog() {
        LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR,
                Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        String id = declared.json().path("incidentId").asText();
        String position = declared.header(LedgerPosition.HEADER);
        assertThat(freshness.awaitHandled(IncidentViewProjector.PROCESSING_GROUP, Long.parseLong(position))).isTrue();
        StreamingEventProcessor view = processing.eventProcessorByProcessingGroup(IncidentViewProjector.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        view.shutDown();
        try {
            // someone else's write the stopped view will not handle: the head moves past the caller's position
            new Incidents(ledger).declare("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
            assertThat(jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class))
                    .isGreaterThan(Long.parseLong(position));

            long started = System.nanoTime();
            LedgerClient.Response read = get("/incidents/" + id, position);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().path("incidentId").asText()).isEqualTo(id);
            assertThat(took).as("the read waited for the head, not for its own position").isLessThan(Duration.ofSeconds(5));
        } finally {
            view.start();
        }
    }

    @Test
    void aPositionThatIsNotOneIsRefused() {
        for (String bad : new String[] {"-1", "abc", "1e3", "99999999999999999999"}) {
            LedgerClient.Response read = get("/incidents", bad);
            assertThat(read.status()).as(bad + " → " + read).isEqualTo(400);
            assertThat(read.isProblem()).as(read.toString()).isTrue();
            assertThat(read.code()).as(read.toString()).isEqualTo(ApiProblem.LEDGER_POSITION_INVALID.name());
        }
    }

    private LedgerClient.Response get(String path, String position) {
        return ledger.send(HttpRequest.newBuilder(URI.create(ledger.base() + path)).GET()
                .header(LedgerPosition.HEADER, position), LedgerClient.AUDREY_AUDITOR);
    }

    private long lastPositionOf(String aggregateId) {
        return jdbc.queryForObject("select max(global_index) from domain_event_entry where aggregate_identifier = ?",
                Long.class, aggregateId);
    }
}
