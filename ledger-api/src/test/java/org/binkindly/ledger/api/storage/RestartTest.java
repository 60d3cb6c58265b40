package org.binkindly.ledger.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as an operator runs it: start, work, stop, start again on the same data
 * directory. Events survive, the global index has no gap, and the bootstrap admin token stays.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void eventsSurviveARestartWithoutAGapInTheGlobalIndex() throws Exception {
        String first;
        String adminToken;
        try (ConfigurableApplicationContext ledger = start()) {
            adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
            first = declare(ledger, adminToken);
            declare(ledger, adminToken);
        }
        try (ConfigurableApplicationContext ledger = start()) {
            assertThat(Files.readString(dataDir.resolve("admin-token")).strip()).isEqualTo(adminToken);
            LedgerClient client = client(ledger);
            JsonNode survivor = Incidents.expectOk(client.get("/incidents/" + first, adminToken));
            assertThat(survivor.path("incidentClass").asText()).isEqualTo("PUBLISH_FAILURE");
            declare(ledger, adminToken);

            JdbcTemplate jdbc = ledger.getBean(JdbcTemplate.class);
            // three declarations of two events each; the ledger's own policies may have added events of their own
            assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier like 'inc-%'",
                    Long.class)).isEqualTo(6);
            List<Long> indexes = jdbc.queryForList("select global_index from domain_event_entry order by global_index", Long.class);
            assertThat(indexes).hasSizeGreaterThanOrEqualTo(6);
            for (int i = 1; i < indexes.size(); i++) {
                assertThat(indexes.get(i)).as("global index after %s", indexes.get(i - 1)).isEqualTo(indexes.get(i - 1) + 1);
            }
            assertThat(ledger.getBean(JdbcTemplate.class).queryForObject("select count(*) from pg_largeobject_metadata", Long.class))
                    .isZero();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN");
    }

    private static String declare(ConfigurableApplicationContext ledger, String token) {
        LedgerClient.Response declared = client(ledger).post("/incidents", token,
                Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        return declared.json().path("incidentId").asText();
    }

    private static LedgerClient client(ConfigurableApplicationContext ledger) {
        return new LedgerClient(((WebServerApplicationContext) ledger).getWebServer().getPort());
    }
}
