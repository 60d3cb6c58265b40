package org.binkindly.ledger.adapters.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.json.JacksonSerializer;
import org.binkindly.ledger.adapters.eventlog.JdbcEventLog;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The signing insert hands back the positions PostgreSQL gave the events, and the event log answers
 * a command's position from them once (and only once) the append's transaction commits.
 */
class AuthenticatedAppendEventsTest {

    private static final Path MIGRATIONS = Path.of("../ledger-api/src/main/resources/db/migration");
    private static final EventSchema SCHEMA = EventSchema.builder().eventTable(JdbcEventLog.EVENT_TABLE)
            .globalIndexColumn("global_index").timestampColumn("time_stamp").eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number").typeColumn("type")
            .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision").payloadColumn("payload")
            .metaDataColumn("meta_data").build();

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static JdbcEventLog eventLog;
    private final AuthenticatedAppendEvents insert = new AuthenticatedAppendEvents(new CheckpointSigner(AuditKeys.generate()));

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(Files.readString(MIGRATIONS.resolve("V1__event_store.sql")));
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        eventLog = new JdbcEventLog(dataSource);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void aCommittedAppendsPositionsAreTheStoredOnesWithoutAskingTheDatabase() {
        // another writer's event first, so positions and sequence numbers differ
        transactions.executeWithoutResult(status -> append(event("other", 0)));
        transactions.executeWithoutResult(status -> append(event("incident-a", 0), event("incident-a", 1), event("incident-b", 0)));

        long storedA1 = storedPosition("incident-a", 1);
        long storedB0 = storedPosition("incident-b", 0);
        assertThat(storedA1).isNotEqualTo(1);
        // the table would now answer differently: what is found must come from the append, not a query
        jdbc.execute("alter table domain_event_entry rename to moved_away");
        try {
            assertThat(eventLog.positionOf("incident-a", 1)).isEqualTo(OptionalLong.of(storedA1));
            assertThat(eventLog.positionOf("incident-b", 0)).isEqualTo(OptionalLong.of(storedB0));
        } finally {
            jdbc.execute("alter table moved_away rename to domain_event_entry");
        }
        // only the aggregate's last event is remembered; any other is read from the table
        assertThat(eventLog.positionOf("incident-a", 0)).isEqualTo(OptionalLong.of(storedPosition("incident-a", 0)));
    }

    @Test
    void aRolledBackAppendLeavesNothingBehind() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            append(event("incident-rolled-back", 0));
            throw new IllegalStateException("the command failed after its append");
        })).hasMessageContaining("failed after its append");

        assertThat(eventLog.positionOf("incident-rolled-back", 0)).isEmpty();
    }

    @Test
    void anAppendOnAnotherThreadIsNotThisThreadsToAnswer() throws InterruptedException {
        Thread writer = new Thread(() -> transactions.executeWithoutResult(status -> append(event("incident-elsewhere", 0))));
        writer.start();
        writer.join();
        long stored = storedPosition("incident-elsewhere", 0);

        jdbc.execute("alter table domain_event_entry rename to moved_away");
        try {
            assertThatThrownBy(() -> eventLog.positionOf("incident-elsewhere", 0))
                    .hasMessageContaining("domain_event_entry");
        } finally {
            jdbc.execute("alter table moved_away rename to domain_event_entry");
        }
        assertThat(eventLog.positionOf("incident-elsewhere", 0)).isEqualTo(OptionalLong.of(stored));
    }

    /** As Axon's engine appends: the insert on the transaction's connection, the statement closed afterwards. */
    private void append(DomainEventMessage<?>... events) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = insert.build(connection, SCHEMA, byte[].class, List.of(events),
                JacksonSerializer.defaultSerializer(), (target, index, instant) -> target.setString(index, instant.toString()))) {
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainEventMessage<?> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Incident", aggregateId, sequence, Map.of("n", sequence));
    }

    private static long storedPosition(String aggregateId, long sequence) {
        return jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ? and sequence_number = ?",
                Long.class, aggregateId, sequence);
    }
}
