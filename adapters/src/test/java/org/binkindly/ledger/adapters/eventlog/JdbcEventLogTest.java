package org.binkindly.ledger.adapters.eventlog;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log read from a real PostgreSQL holding the ledger's own event-store and audit-chain
 * tables (the application's Flyway scripts, run as they are). The log is append-only (a trigger
 * refuses deletes), so one log is written once for the class and every test reads it.
 */
class JdbcEventLogTest {

    private static final Path MIGRATIONS = Path.of("../ledger-api/src/main/resources/db/migration");
    private static final String DECLARED = "org.binkindly.ledger.core.incident.IncidentDeclared";
    private static final String CLOSED = "org.binkindly.ledger.core.incident.IncidentClosed";
    private static final String ACTIVATED = "org.binkindly.ledger.core.killswitch.KillSwitchActivated";

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;
    private static EventLog eventLog;

    @BeforeAll
    static void writeALog() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(Files.readString(MIGRATIONS.resolve("V1__event_store.sql")));
        jdbc.execute(Files.readString(MIGRATIONS.resolve("V10__audit_chain.sql")));
        eventLog = new JdbcEventLog(dataSource);

        append("incident-1", 0, "Incident", DECLARED, "2026-01-01T10:00:00Z", "{\"scope\":\"region/eu\"}"); // 1
        append("switch-1", 0, "KillSwitch", ACTIVATED, "2026-01-01T11:00:00Z", "{\"scope\":\"region/eu\"}"); // 2
        jdbc.queryForObject("select nextval('domain_event_entry_global_index_seq')", Long.class); // 3: a rolled-back append
        append("incident-1", 1, "Incident", CLOSED, "2026-01-01T12:00:00Z", "{}"); // 4
        append("incident-2", 0, "Incident", DECLARED, "2026-01-02T10:00:00Z", "{\"scope\":\"region/us\"}"); // 5
        jdbc.update("insert into audit_seal (position, link) values (1, ?), (3, ?)", "a".repeat(64), "c".repeat(64));
        jdbc.update("insert into token_entry (processor_name, segment, token, token_type) values (?, 0, ?, ?)",
                "incident-view", "{\"index\":4,\"gaps\":[3]}".getBytes(StandardCharsets.UTF_8),
                "org.axonframework.eventhandling.GapAwareTrackingToken");
        jdbc.update("insert into token_entry (processor_name, segment, token, token_type) values (?, 0, ?, ?)",
                "kill-switches", "{\"tokenAtReset\":{\"index\":5},\"currentToken\":{\"index\":1}}".getBytes(StandardCharsets.UTF_8),
                "org.axonframework.eventhandling.ReplayToken");
        jdbc.update("insert into token_entry (processor_name, segment) values ('never-claimed', 0)");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static void append(String aggregateId, long sequence, String aggregateType, String payloadType, String at, String payload) {
        jdbc.update("""
                        insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                                                        payload, payload_type, time_stamp)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""", aggregateId, sequence, aggregateType, aggregateId + "/" + sequence,
                "{\"actor\":\"ops\"}".getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8), payloadType, at);
    }

    @Test
    void theHeadIsTheNewestPositionAndGapsHoldNoEvents() {
        assertThat(eventLog.head()).isEqualTo(OptionalLong.of(5));
        assertThat(eventLog.countAfter(0)).isEqualTo(4);
        assertThat(eventLog.countAfter(2)).isEqualTo(2);
        assertThat(eventLog.holdsAnyOf(List.of(3L))).isFalse();
        assertThat(eventLog.holdsAnyOf(List.of(3L, 4L))).isTrue();
        assertThat(eventLog.holdsAnyOf(List.of())).isFalse();
    }

    @Test
    void anAggregatesLastSequenceAndPositions() {
        assertThat(eventLog.lastSequence("incident-1")).isEqualTo(OptionalLong.of(1));
        assertThat(eventLog.lastSequence("no-such-aggregate")).isEmpty();
        assertThat(eventLog.positionsOf("incident-1")).containsExactly(
                new EventLog.EventPosition(1, 0, DECLARED), new EventLog.EventPosition(4, 1, CLOSED));
        assertThat(eventLog.positionsOf("incident-1").get(1).simpleType()).isEqualTo("IncidentClosed");
    }

    @Test
    void rawEventsComeWithTheirStoredBytesInPositionOrderBounded() {
        var events = eventLog.readAfter(1, 2);
        assertThat(events).extracting(event -> event.position()).containsExactly(2L, 4L);
        assertThat(new String(events.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"scope\":\"region/eu\"}");
        assertThat(events.get(0).aggregateType()).isEqualTo("KillSwitch");
        assertThat(eventLog.readAfter(5, 10)).isEmpty();
    }

    @Test
    void aggregatesThatNamedAScopeByTheTime() {
        List<String> types = List.of(DECLARED, ACTIVATED);
        assertThat(eventLog.aggregatesNamingScope(types, "region/eu", Instant.parse("2026-01-01T10:30:00Z")))
                .containsExactly("incident-1");
        assertThat(eventLog.aggregatesNamingScope(types, "region/eu", Instant.parse("2026-01-03T00:00:00Z")))
                .containsExactlyInAnyOrder("incident-1", "switch-1");
        assertThat(eventLog.aggregatesNamingScope(List.of(ACTIVATED), "region/us", Instant.parse("2026-01-03T00:00:00Z"))).isEmpty();
    }

    @Test
    void sealedEventsStreamFilteredWithTheirLinks() {
        List<AuditRecord.Event> streamed = new ArrayList<>();
        eventLog.streamSealed(0, EventLog.Filter.NONE, streamed::add);
        assertThat(streamed).extracting(AuditRecord.Event::position).containsExactly(1L, 2L, 4L, 5L);
        assertThat(streamed.get(0).link()).isEqualTo("a".repeat(64));
        assertThat(streamed.get(1).link()).isNull();

        List<AuditRecord.Event> declared = new ArrayList<>();
        eventLog.streamSealed(0, new EventLog.Filter(null, null, "IncidentDeclared", null, null), declared::add);
        assertThat(declared).extracting(AuditRecord.Event::position).containsExactly(1L, 5L);

        assertThat(eventLog.readSealed(1, new EventLog.Filter("incident-1", "Incident", null, null, null), 10))
                .extracting(AuditRecord.Event::position).containsExactly(4L);
        assertThat(eventLog.readSealed(0, new EventLog.Filter(null, null, null, Instant.parse("2026-01-01T11:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z")), 1)).extracting(AuditRecord.Event::position).containsExactly(2L);
    }

    @Test
    void aSealedPositionWithoutAnEventIsReported() {
        assertThat(eventLog.sealedWithoutEvent(0)).containsExactly(new AuditRecord.Missing(3, "c".repeat(64)));
        assertThat(eventLog.sealedWithoutEvent(3)).isEmpty();
    }

    @Test
    void processorsTokensAndLag() {
        assertThat(eventLog.tokens("incident-view")).singleElement().satisfies(token -> {
            assertThat(token.tokenType()).isEqualTo("org.axonframework.eventhandling.GapAwareTrackingToken");
            assertThat(new String(token.token(), StandardCharsets.UTF_8)).isEqualTo("{\"index\":4,\"gaps\":[3]}");
        });
        assertThat(eventLog.tokens("no-such-processor")).isEmpty();
        // the replaying processor is judged by where its replay is, not where it will end
        assertThat(eventLog.processorLag()).isEqualTo(Map.of("incident-view", 1L, "kill-switches", 4L));
        assertThat(eventLog.processorLag().keySet()).containsExactly("incident-view", "kill-switches");
    }
}
