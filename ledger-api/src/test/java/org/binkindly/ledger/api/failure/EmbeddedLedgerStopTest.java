package org.binkindly.ledger.api.failure;

import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerNodes;
import org.binkindly.ledger.api.support.SharedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default stopped as a service manager stops it (SIGTERM): it stops its users of
 * the database before the database, so the stop logs no ERROR and no exception, and leaves no
 * PostgreSQL running.
 */
class EmbeddedLedgerStopTest {

    @TempDir
    Path work;

    @Test
    void aSigtermStopsEverythingInOrderWithoutAnError() throws Exception {
        Path dataDir = work.resolve("ledger");
        Path log = work.resolve("ledger.log");
        int port = SharedDatabase.freePort();
        Process ledger = new ProcessBuilder(LedgerNodes.command(LedgerNodes.ledgerCommand("384m"),
                "--server.port=" + port, "--spring.profiles.active=test", "--logging.level.root=WARN",
                "--ledger.data-dir=" + dataDir))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long postmasterPid;
        long logBeforeStop;
        try {
            LedgerClient client = new LedgerClient(port);
            await().atMost(Duration.ofSeconds(420)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.get("/actuator/health", null).status() == 200);
            LedgerClient.Response declared = client.post("/incidents", LedgerClient.ALICE_OPERATOR,
                    Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
            postmasterPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
            Thread.sleep(2_000); // processors, sealer and db-scheduler busy with what the declaration caused

            logBeforeStop = Files.size(log);
            long stopping = System.nanoTime();
            ledger.destroy(); // SIGTERM
            assertThat(ledger.waitFor(60, TimeUnit.SECONDS)).as("the ledger stops").isTrue();
            System.out.printf("SIGTERM to exit: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
        } finally {
            ledger.destroyForcibly();
        }
        byte[] whole = Files.readAllBytes(log);
        List<String> stopLog = new String(whole, (int) logBeforeStop, whole.length - (int) logBeforeStop, StandardCharsets.UTF_8).lines().toList();
        System.out.printf("%d lines logged while stopping%n", stopLog.size());
        assertThat(stopLog).as("log of the stop").noneMatch(line -> line.contains(" ERROR ") || line.contains("Exception"));
        // PostgreSQL removes postmaster.pid as it finishes stopping; pg_ctl waited for that before the ledger exited
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        // (its process entry may linger a moment until whoever adopted it reaps it)
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false) == false);
    }
}
