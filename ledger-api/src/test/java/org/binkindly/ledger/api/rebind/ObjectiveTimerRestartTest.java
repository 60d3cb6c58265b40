package org.binkindly.ledger.api.rebind;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollback objective's timers live in PostgreSQL: a deadline that falls while the ledger is
 * down fires once the ledger is back, exactly once, and the other timer stays scheduled.
 */
class ObjectiveTimerRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestoreDeadlineMissedWhileTheLedgerWasDownFiresOnceAfterRestart() throws Exception {
        String location;
        String token;
        Instant restoreDeadline;
        try (ConfigurableApplicationContext ledger = start()) {
            token = Files.readString(dataDir.resolve("admin-token")).strip();
            // confirmed 14m52s ago, counted once the ledger is up (a start on a loaded machine took more than 5 s):
            // the restore deadline falls 8 seconds from now, the integrity one in 15 minutes
            Instant confirmed = Instant.now().minus(Duration.ofMinutes(15)).plusSeconds(8);
            restoreDeadline = confirmed.plus(Duration.ofMinutes(15));
            LedgerClient.Response started = client(ledger).post("/rebinds", token, Map.of(
                    "scope", Incidents.freshScope(), "mode", "MANUAL", "badPublishConfirmedAt", confirmed.toString()));
            assertThat(started.status()).as(started.toString()).isEqualTo(201);
            location = started.header("Location");
            assertThat(breaches(ledger)).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(restoreDeadline.plusSeconds(1)));

        try (ConfigurableApplicationContext ledger = start()) {
            LedgerClient client = client(ledger);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Incidents.expectOk(client.get(location, token)).path("rebind").path("breaches").has("RESTORE")).isTrue());
            JsonNode rebind = Incidents.expectOk(client.get(location, token)).path("rebind");
            assertThat(rebind.path("breaches").has("INTEGRITY")).isFalse();
            // several scheduler polls later there is still exactly one breach, and the integrity timer waits
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(breaches(ledger)).isEqualTo(1);
                assertThat(ledger.getBean(JdbcTemplate.class).queryForObject(
                        "select count(*) from scheduled_tasks where task_name = 'AxonDeadline' and execution_time > now()", Long.class)).isEqualTo(1);
            });
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--ledger.data-dir=" + dataDir, "--logging.level.root=WARN");
    }

    private static long breaches(ConfigurableApplicationContext ledger) {
        return ledger.getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from domain_event_entry where payload_type like '%ObjectiveBreached'", Long.class);
    }

    private static LedgerClient client(ConfigurableApplicationContext ledger) {
        return new LedgerClient(((WebServerApplicationContext) ledger).getWebServer().getPort());
    }
}
