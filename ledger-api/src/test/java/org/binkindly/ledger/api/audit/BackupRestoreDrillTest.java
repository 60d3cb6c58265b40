package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.api.cli.LedgerCommandLine;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.RealisticHistory;
import org.binkindly.ledger.api.support.StartedLedger;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * The restore drill of docs/operations.md ("Backup and restore"), with the real commands against
 * real ledgers (embedded PostgreSQL, embedded object store): a realistic history is backed up
 * over HTTP, restored into a fresh data directory, and the ledger started on it verifies its
 * chain INTACT against the signed checkpoints, rebuilds views equal to the original's, does not
 * re-run its policies, and takes new writes. A restore refuses a backup that does not verify, a
 * key that did not sign it, and a database that is not empty, and keeps nothing when it refuses.
 */
class BackupRestoreDrillTest {

    private static final String AUDITOR = LedgerClient.AUDREY_AUDITOR;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create table (\\w+)");

    @TempDir
    static Path directory;

    private static StartedLedger original;
    private static Path backup;
    private static Path signingKey;
    private static JsonNode manifest;

    @BeforeAll
    static void backUpARealisticHistory() throws IOException {
        // A checkpoint every 7 events, so the history spans several of them.
        original = StartedLedger.start(directory.resolve("original"), "--ledger.audit.checkpoint-every-events=7");
        LedgerClient ledger = original.client();
        RealisticHistory.create(ledger);
        awaitSealedAndAnchored(ledger);
        backup = directory.resolve("backup");
        Run run = run("backup", "--to", backup.toString(), "--ledger-url", ledger.base(), "--token", AUDITOR);
        assertThat(run.exit()).as(run.output()).isZero();
        manifest = JSON.readTree(backup.resolve("backup.json").toFile());
        signingKey = original.dataDir().resolve("audit-signing-key.pem");
    }

    @AfterAll
    static void stop() {
        if (original != null) {
            original.close();
        }
    }

    @Test
    void theDrillRestoresIntoAFreshDataDirectoryAndRebuildsEqualViews() throws IOException {
        long lastPosition = manifest.path("lastPosition").asLong();
        assertThat(lastPosition).isPositive();
        assertThat(manifest.path("events").asLong()).isEqualTo(original.jdbc().queryForObject(
                "select count(*) from event_log", Long.class));
        awaitCaughtUp(original.client(), lastPosition);
        Map<String, List<String>> originalViews = viewContents(original.jdbc());

        Path dataDir = directory.resolve("restored");
        Run restore = run("restore", "--from", backup.toString(), "--data-dir", dataDir.toString(),
                "--signing-key-file", signingKey.toString());
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("restored %d events through position %d".formatted(
                manifest.path("events").asLong(), lastPosition));

        try (StartedLedger restored = StartedLedger.start(dataDir)) {
            LedgerClient ledger = restored.client();
            awaitCaughtUp(ledger, lastPosition);
            assertThat(viewContents(restored.jdbc())).isEqualTo(originalViews);

            JsonNode verification = expectOk(ledger.get("/audit/verification", AUDITOR));
            assertThat(verification.path("intact").asBoolean()).as(verification.toString()).isTrue();
            assertThat(verification.path("signedThrough").asLong()).isEqualTo(lastPosition);
            // the restored checkpoints are anchored again, in the restored ledger's own object store
            awaitSealedAndAnchored(ledger);

            // Policies did not act on the restored events a second time: nothing was appended.
            assertThat(restored.jdbc().queryForObject("select max(global_index) from event_log", Long.class)).isEqualTo(lastPosition);

            // A backup of the restored ledger is the same chain: same events, same head.
            Path again = directory.resolve("backup-of-restored");
            Run second = run("backup", "--to", again.toString(), "--ledger-url", ledger.base(), "--token", AUDITOR);
            assertThat(second.exit()).as(second.output()).isZero();
            JsonNode secondManifest = JSON.readTree(again.resolve("backup.json").toFile());
            assertThat(secondManifest.path("chainHead").asText()).isEqualTo(manifest.path("chainHead").asText());
            assertThat(secondManifest.path("keyId").asText()).isEqualTo(manifest.path("keyId").asText());
            assertThat(eventLines(again)).isEqualTo(eventLines(backup));

            // The ledger writes on (as its runtime role) after the restored head, and seals it.
            String incident = new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG)
                    .path("incidentId").asText();
            expectOk(ledger.get("/incidents/" + incident, LedgerClient.ALICE_OPERATOR));
            assertThat(restored.jdbc().queryForObject("select min(global_index) from event_log where aggregate_identifier = ?",
                    Long.class, incident)).isGreaterThan(lastPosition);
            awaitSealedAndAnchored(ledger);
            assertThat(expectOk(ledger.get("/audit/verification", AUDITOR)).path("intact").asBoolean()).isTrue();
        }
    }

    @Test
    void aBackupWhoseChainDoesNotVerifyIsRefusedAndNothingIsKept() throws IOException {
        Path tampered = directory.resolve("backup-tampered");
        copy(backup, tampered);
        List<String> lines = new ArrayList<>(Files.readAllLines(tampered.resolve("events.ndjson")));
        int middle = lines.size() / 2;
        while (!lines.get(middle).contains("\"kind\":\"event\"")) {
            middle++;
        }
        lines.remove(middle); // an event deleted from the backup
        Files.write(tampered.resolve("events.ndjson"), lines);

        Path dataDir = directory.resolve("refused-tampered");
        Run refused = run("restore", "--from", tampered.toString(), "--data-dir", dataDir.toString(),
                "--signing-key-file", signingKey.toString());
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("does not verify").contains("nothing was restored");

        // Nothing was kept: the intact backup still restores into that same database.
        Run intact = run("restore", "--from", backup.toString(), "--data-dir", dataDir.toString(),
                "--signing-key-file", signingKey.toString());
        assertThat(intact.exit()).as(intact.output()).isZero();
    }

    @Test
    void aDatabaseThatHoldsALogIsNotRestoredOver() {
        Path dataDir = directory.resolve("restored-twice");
        Run first = run("restore", "--from", backup.toString(), "--data-dir", dataDir.toString(), "--signing-key-file",
                signingKey.toString());
        assertThat(first.exit()).as(first.output()).isZero();
        Run second = run("restore", "--from", backup.toString(), "--data-dir", dataDir.toString(), "--signing-key-file",
                signingKey.toString());
        assertThat(second.exit()).as(second.output()).isEqualTo(1);
        assertThat(second.output()).contains("the database is not empty: domain_event_entry holds "
                + manifest.path("events").asLong() + " rows");
    }

    @Test
    void aKeyThatDidNotSignTheBackupIsRefused() throws IOException {
        Path otherKey = directory.resolve("other-public-key.pem");
        Files.writeString(otherKey, AuditKeys.publicKeyPem(AuditKeys.generate().getPublic()));
        Run refused = run("restore", "--from", backup.toString(), "--data-dir", directory.resolve("refused-key").toString(),
                "--public-key", otherKey.toString());
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("does not verify");

        Run keyFromTheBackupOnly = run("restore", "--from", backup.toString(), "--data-dir",
                directory.resolve("refused-no-key").toString());
        assertThat(keyFromTheBackupOnly.exit()).isEqualTo(2);
        assertThat(keyFromTheBackupOnly.output()).contains("--signing-key-file or --public-key is required");
    }

    @Test
    void aBackupGoesIntoANewDirectoryOnly() {
        Run refused = run("backup", "--to", backup.toString(), "--ledger-url", original.client().base(), "--token", AUDITOR);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.output()).contains("is not an empty directory");
    }

    /** Every view table's rows as text, sorted: the tables the projections module's migrations create. */
    private static Map<String, List<String>> viewContents(JdbcTemplate jdbc) throws IOException {
        Map<String, List<String>> contents = new TreeMap<>();
        Path migrations = Path.of("..", "projections", "src", "main", "resources", "db", "migration");
        try (Stream<Path> scripts = Files.list(migrations)) {
            for (Path script : scripts.toList()) {
                Matcher table = CREATE_TABLE.matcher(Files.readString(script));
                while (table.find()) {
                    String name = table.group(1);
                    contents.put(name, jdbc.queryForList("select t::text from " + name + " t order by 1", String.class));
                }
            }
        }
        assertThat(contents).containsKeys("incident_view", "kill_switch_view", "rebind_view", "posture_source");
        assertThat(contents.get("incident_view")).as("the compared history is not empty").hasSizeGreaterThan(3);
        return contents;
    }

    /** Every processing group has handled the log through {@code position}. */
    private static void awaitCaughtUp(LedgerClient ledger, long position) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode groups = expectOk(ledger.get("/projections", AUDITOR));
            assertThat(groups.size()).isPositive();
            for (JsonNode group : groups) {
                assertThat(group.path("position").asLong(-1)).as(group.toString()).isGreaterThanOrEqualTo(position);
            }
        });
    }

    private static void awaitSealedAndAnchored(LedgerClient ledger) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode chain = expectOk(ledger.get("/audit/chain", AUDITOR));
            assertThat(chain.path("unsealedEvents").asLong()).isZero();
            assertThat(chain.path("checkpointsNotAnchored").asLong()).isZero();
            assertThat(chain.path("lastAnchoredCheckpoint").path("position").asLong()).isEqualTo(chain.path("logHead").asLong());
        });
    }

    /** The records of a backup's export (events with their links, and checkpoints), without its header and end line. */
    private static List<String> eventLines(Path backupDirectory) throws IOException {
        return Files.readAllLines(backupDirectory.resolve("events.ndjson")).stream()
                .filter(line -> !line.contains("\"kind\":\"header\"") && !line.contains("\"kind\":\"end\""))
                .toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
        int exit = LedgerCommandLine.run(args, stream, stream);
        return new Run(exit, output.toString(StandardCharsets.UTF_8));
    }
}
