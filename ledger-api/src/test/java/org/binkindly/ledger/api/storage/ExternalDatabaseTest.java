package org.binkindly.ledger.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.support.BatchedInserts;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code spring.datasource.url} set the ledger uses that server and starts no PostgreSQL of
 * its own. The "existing server" here is a separate PostgreSQL process the test starts itself,
 * set up with the two roles docs/operations.md asks for: migrations as the owner, the ledger as a
 * role that may only append to the log. Other nodes may share that server, so a node that would
 * generate its own secrets or run its own object store starts only when told it is the only one.
 */
class ExternalDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void aConfiguredDatasourceIsUsedInsteadOfTheEmbeddedDatabase() throws Exception {
        try (EmbeddedPostgres existingServer = EmbeddedPostgres.builder().start()) {
            // as docs/operations.md tells a DBA: an owner for the migrations, a login role for the ledger
            JdbcTemplate dba = new JdbcTemplate(existingServer.getPostgresDatabase());
            dba.execute("create role ledger_owner login password 'owner-secret'");
            dba.execute("create database ledger owner ledger_owner");
            dba.execute("create role ledger_app login password 'app-secret'");
            String url = "jdbc:postgresql://localhost:%d/ledger".formatted(existingServer.getPort());
            assertThatThrownBy(() -> new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=ledger_app",
                    "--spring.datasource.password=app-secret",
                    "--spring.flyway.user=ledger_owner", "--spring.flyway.password=owner-secret"))
                    .as("a node that would keep its own admin token, audit key and object store, which other nodes cannot see")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ledger.security.tokens").hasMessageContaining("ledger.audit.signing-key")
                    .hasMessageContaining("ledger.storage.endpoint").hasMessageContaining("ledger.single-node=true");
            assertThat(dataDir).as("refused before anything was generated").isEmptyDirectory();

            try (ConfigurableApplicationContext ledger = new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=ledger_app",
                    "--spring.datasource.password=app-secret",
                    "--spring.flyway.user=ledger_owner", "--spring.flyway.password=owner-secret", "--ledger.single-node=true")) {
                assertThat(ledger.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
                assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();

                String token = Files.readString(dataDir.resolve("admin-token")).strip();
                LedgerClient client = new LedgerClient(((WebServerApplicationContext) ledger).getWebServer().getPort());
                LedgerClient.Response declared = client.post("/incidents", token,
                        Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
                assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
                String id = declared.json().path("incidentId").asText();

                JdbcTemplate asOwner = new JdbcTemplate(existingServer.getDatabase("postgres", "ledger"));
                Long events = asOwner.queryForObject(
                        "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, id);
                assertThat(events).isEqualTo(2);
                assertThat(asOwner.queryForObject("select tableowner from pg_tables where tablename = 'domain_event_entry'",
                        String.class)).isEqualTo("ledger_owner");

                JdbcTemplate asLedger = ledger.getBean(JdbcTemplate.class);
                assertThat(asLedger.queryForObject("select current_user", String.class)).isEqualTo("ledger_app");
                assertThat(BatchedInserts.countsOfABatchOfFive(asLedger)).as("a batch of inserts as multi-row inserts")
                        .startsWith(Statement.SUCCESS_NO_INFO);
                for (String tampering : List.of(
                        "update domain_event_entry set payload = payload where aggregate_identifier = '" + id + "'",
                        "delete from domain_event_entry where aggregate_identifier = '" + id + "'",
                        "truncate domain_event_entry",
                        "alter table domain_event_entry disable trigger all")) {
                    assertThatThrownBy(() -> asLedger.execute(tampering)).as(tampering)
                            .rootCause().isInstanceOf(SQLException.class)
                            .extracting(cause -> ((SQLException) cause).getSQLState()).isEqualTo("42501");
                }
            }
        }
    }

    @Test
    void aDatasourceSettingWithoutTheUrlIsRefusedRatherThanStartingAPrivateDatabase() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=OFF",
                "--spring.datasource.ulr=jdbc:postgresql://db.example:5432/ledger", "--spring.datasource.username=ledger_app"))
                .rootCause()
                .hasMessageContaining("spring.datasource.url is not set")
                .hasMessageContaining("spring.datasource.ulr")
                .hasMessageContaining("spring.datasource.username");
        assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
    }
}
