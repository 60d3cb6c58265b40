package org.binkindly.ledger.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.LedgerApplication;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code spring.datasource.url} set the ledger uses that server and starts no PostgreSQL of
 * its own. The "existing server" here is a separate PostgreSQL process the test starts itself.
 * Other nodes may share that server, so a node that would generate its own secrets or run its own
 * object store starts only when told it is the only one.
 */
class ExternalDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void aConfiguredDatasourceIsUsedInsteadOfTheEmbeddedDatabase() throws Exception {
        try (EmbeddedPostgres existingServer = EmbeddedPostgres.builder().start()) {
            String url = existingServer.getJdbcUrl("postgres", "postgres");
            assertThatThrownBy(() -> new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres"))
                    .as("a node that would keep its own admin token, audit key and object store, which other nodes cannot see")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ledger.security.tokens").hasMessageContaining("ledger.audit.signing-key")
                    .hasMessageContaining("ledger.storage.endpoint").hasMessageContaining("ledger.single-node=true");
            assertThat(dataDir).as("refused before anything was generated").isEmptyDirectory();

            try (ConfigurableApplicationContext ledger = new SpringApplicationBuilder(LedgerApplication.class).run(
                    "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--ledger.single-node=true")) {
                assertThat(ledger.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
                assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();

                String token = Files.readString(dataDir.resolve("admin-token")).strip();
                LedgerClient client = new LedgerClient(((WebServerApplicationContext) ledger).getWebServer().getPort());
                LedgerClient.Response declared = client.post("/incidents", token,
                        Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
                assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
                String id = declared.json().path("incidentId").asText();

                Long events = new JdbcTemplate(existingServer.getPostgresDatabase()).queryForObject(
                        "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, id);
                assertThat(events).isEqualTo(2);
            }
        }
    }
}
