package org.binkindly.ledger.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.support.BatchedInserts;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.StartedLedger;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL as a new user runs it: durable (fsync, full page writes, synchronous
 * commit), locked with generated passwords, and the ledger on a role that can only append events.
 */
class EmbeddedDatabaseTest {

    /** PostgreSQL's SQLSTATE for "permission denied" and "must be owner". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String INVALID_PASSWORD = "28P01";

    @TempDir
    static Path directory;

    private static StartedLedger started;
    private static JdbcTemplate runtime;

    @BeforeAll
    static void start() {
        // the first start through the application itself: initdb, not the tests' copied cluster
        started = StartedLedger.start(directory.resolve("ledger"), "--test.embedded-cluster-template=off");
        runtime = started.jdbc();
    }

    @AfterAll
    static void stop() {
        started.close();
    }

    @Test
    void theRunningServerKeepsWhatItAcknowledged() {
        for (String setting : List.of("fsync", "full_page_writes", "synchronous_commit")) {
            assertThat(runtime.queryForObject("show " + setting, String.class)).as(setting).isEqualTo("on");
        }
    }

    @Test
    void aBatchOfInsertsReachesTheServerAsMultiRowInserts() {
        // pgjdbc sends four of the five as one statement and the fifth alone (it rewrites in powers of two)
        assertThat(BatchedInserts.countsOfABatchOfFive(runtime)).containsExactly(
                Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO, 1);
    }

    @Test
    void theStartUpMigrationRunsTheJavaMigrationsBesideTheScripts() {
        // V283 (IncidentViewBoardCountsMigration) is a bean, not a script: only the application's own Flyway run knows it
        assertThat(runtime.queryForMap("select type, success from flyway_schema_history where version = '283'"))
                .containsEntry("type", "JDBC").containsEntry("success", true);
    }

    @Test
    void theLedgerRunsAsARoleThatMayAppendEventsButNotChangeThem() {
        assertThat(runtime.queryForObject("select current_user", String.class)).isEqualTo("ledger");
        assertThat(runtime.queryForObject("select rolsuper or rolcreaterole or rolbypassrls from pg_roles where rolname = current_user",
                Boolean.class)).isFalse();
        LedgerClient.Response declared = started.client().post("/incidents", LedgerClient.ALICE_OPERATOR,
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        String id = declared.json().path("incidentId").asText();

        for (String tampering : List.of(
                "update domain_event_entry set payload = payload where aggregate_identifier = '" + id + "'",
                "delete from domain_event_entry where aggregate_identifier = '" + id + "'",
                "truncate domain_event_entry",
                "alter table domain_event_entry disable trigger domain_event_entry_append_only",
                "alter table domain_event_entry disable trigger all",
                "set session_replication_role = replica",
                "update audit_seal set link = link",
                "delete from flyway_schema_history")) {
            assertThatThrownBy(() -> runtime.execute(tampering)).as(tampering)
                    .rootCause().isInstanceOf(SQLException.class)
                    .extracting(cause -> ((SQLException) cause).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE);
        }
        assertThat(runtime.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, id))
                .isEqualTo(2);
        // truncate only where a rebuild's reset empties the incident views
        assertThat(runtime.queryForList("select table_name from information_schema.table_privileges"
                + " where grantee = current_user and privilege_type = 'TRUNCATE'", String.class))
                .containsExactlyInAnyOrderElementsOf(IncidentViewProjector.TRUNCATED_AT_RESET);
    }

    @Test
    void everyLoginProvesAGeneratedPasswordKeptReadableByItsOwnerOnly() throws Exception {
        Path passwords = started.dataDir().resolve("database-passwords");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords))).isEqualTo("rw-------");
        Properties stored = new Properties();
        try (var reader = Files.newBufferedReader(passwords)) {
            stored.load(reader);
        }
        assertThat(stored.getProperty("postgres")).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(stored.getProperty("ledger"));

        JdbcTemplate owner = started.ownerJdbc();
        assertThat(owner.queryForList("select distinct auth_method from pg_hba_file_rules", String.class))
                .containsExactly("scram-sha-256");
        assertThat(owner.queryForList("select rolpassword from pg_authid where rolname in ('postgres', 'ledger')", String.class))
                .hasSize(2).allSatisfy(hash -> assertThat(hash).startsWith("SCRAM-SHA-256$"));

        int port = started.bean(EmbeddedPostgres.class).getPort();
        for (String user : List.of("postgres", "ledger")) {
            assertThatThrownBy(() -> login(port, user, "postgres")).as(user).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(INVALID_PASSWORD);
        }
        login(port, "ledger", stored.getProperty("ledger"));
    }

    private static void login(int port, String user, String password) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.getConnection().close();
    }
}
