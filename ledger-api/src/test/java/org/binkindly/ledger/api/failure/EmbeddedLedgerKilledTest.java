package org.binkindly.ledger.api.failure;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerNodes;
import org.binkindly.ledger.api.support.SharedDatabase;
import org.binkindly.ledger.api.support.StartedLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default killed with SIGKILL: its PostgreSQL outlives it (nobody is left to stop
 * it), and the very next start on the same data directory must come up, with what was acknowledged.
 * But a ledger that is still running keeps its data directory: a second one refuses to start.
 */
class EmbeddedLedgerKilledTest {

    @TempDir
    Path work;

    @Test
    void theFirstStartAfterSigkillStopsTheOrphanedPostgresAndComesUp() throws Exception {
        Path dataDir = work.resolve("ledger");
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        int port = SharedDatabase.freePort();
        Process child = new ProcessBuilder(LedgerNodes.command(LedgerNodes.ledgerCommand("384m"),
                "--server.port=" + port, "--spring.profiles.active=test", "--logging.level.root=WARN",
                "--ledger.data-dir=" + dataDir))
                .redirectErrorStream(true).redirectOutput(new File("target/killed-embedded-" + port + ".log")).start();
        String acknowledged;
        long orphanPid;
        try {
            LedgerClient victim = new LedgerClient(port);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> victim.get("/actuator/health", null).status() == 200);
            LedgerClient.Response declared = victim.post("/incidents", LedgerClient.ALICE_OPERATOR,
                    Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
            acknowledged = declared.json().path("incidentId").asText();
            orphanPid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).as("the orphaned postgres").contains(true);

        try (StartedLedger restarted = StartedLedger.start(dataDir)) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).as("the orphan is stopped").isFalse();
            LedgerClient ledger = restarted.client();
            assertThat(ledger.get("/actuator/health", null).status()).isEqualTo(200);
            LedgerClient.Response survivor = ledger.get("/incidents/" + acknowledged, LedgerClient.ALICE_OPERATOR);
            assertThat(survivor.status()).as(survivor.toString()).isEqualTo(200);
            assertThat(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).isNotEqualTo(orphanPid);
            assertThat(List.of("fsync", "synchronous_commit")).allSatisfy(setting ->
                    assertThat(restarted.jdbc().queryForObject("show " + setting, String.class)).isEqualTo("on"));
        }
    }

    @Test
    void aSecondLedgerOnARunningOnesDataDirectoryRefusesToStartAndLeavesItRunning() throws Exception {
        Path dataDir = work.resolve("ledger");
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try (StartedLedger running = StartedLedger.start(dataDir)) {
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            Path output = work.resolve("second.log");
            Process second = new ProcessBuilder(LedgerNodes.command(LedgerNodes.ledgerCommand("384m"),
                    "--server.port=" + SharedDatabase.freePort(), "--spring.profiles.active=test", "--ledger.data-dir=" + dataDir))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("the second ledger gave up").isTrue();

            assertThat(second.exitValue()).isNotZero();
            assertThat(Files.readString(output)).contains("APPLICATION FAILED TO START")
                    .contains("is in use by another ledger that is still running (its PostgreSQL is process " + postmaster + ")")
                    .contains("Stop the running ledger first, or give this one another data directory (ledger.data-dir).");
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the running ledger's postgres").contains(true);
            assertThat(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).isEqualTo(postmaster);
            assertThat(running.client().get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(running.jdbc().queryForObject("select 1", Integer.class)).isEqualTo(1);
        }
    }
}
