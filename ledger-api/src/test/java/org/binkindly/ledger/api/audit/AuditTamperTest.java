package org.binkindly.ledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.binkindly.ledger.adapters.audit.AuditSealer;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3CheckpointAnchor;
import org.binkindly.ledger.adapters.s3.S3Clients;
import org.binkindly.ledger.api.cli.LedgerCommandLine;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerNodes;
import org.binkindly.ledger.api.support.RealisticHistory;
import org.binkindly.ledger.api.support.StartedLedger;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.CheckpointAnchor;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.binkindly.ledger.api.support.Incidents.expectOk;

/**
 * The "done when": a realistic history is exported, verified offline by the command-line
 * verifier, then tampered with directly in PostgreSQL (as a superuser can, past the append-only
 * triggers), and verification, over HTTP and offline alike, fails at the tampered position.
 */
class AuditTamperTest {

    private static final String AUDITOR = LedgerClient.AUDREY_AUDITOR;

    @TempDir
    static Path directory;

    private static StartedLedger started;
    private static LedgerClient ledger;
    private static JdbcTemplate jdbc;
    private static RealisticHistory history;

    @BeforeAll
    static void aWeekOnCall() {
        // A checkpoint every 7 events, so the history spans several of them.
        started = StartedLedger.start(directory.resolve("ledger"), "--ledger.audit.checkpoint-every-events=7");
        ledger = started.client();
        jdbc = started.jdbc();
        history = RealisticHistory.create(ledger);
        awaitEverythingSealedAndAnchored();
    }

    @AfterAll
    static void stop() {
        if (started != null) {
            started.close();
        }
    }

    @Test
    void anExportVerifiesOfflineInAProcessWithoutTheApplicationAndFailsThereOnceTheDatabaseIsTampered() throws Exception {
        Path work = Files.createDirectories(directory.resolve("auditor"));
        Path export = exportTo(work.resolve("export.ndjson"));
        Path key = publicKeyTo(work.resolve("ledger-public-key.pem"));
        Path checkpoints = fetchAnchoredCheckpoints(work);

        // the verifiers of one file run side by side: each is a JVM start, and none depends on another
        Process partial = verifierProcess(work, "--stream", export.toString(), "--public-key", key.toString());
        Process intact = verifierProcess(work, "--stream", export.toString(), "--public-key", key.toString(),
                "--checkpoints", checkpoints.toString());
        Process standalone = standaloneVerifierProcess(work, "--stream", export.toString(), "--public-key", key.toString(),
                "--checkpoints", checkpoints.toString());
        String partialOutput = output(partial);
        assertThat(partial.exitValue()).as("without the anchored checkpoints it cannot rule out truncation: " + partialOutput)
                .isEqualTo(3);
        assertThat(partialOutput).contains("result:       PARTIAL");
        String intactOutput = output(intact);
        assertThat(intact.exitValue()).as(intactOutput).isZero();
        assertThat(intactOutput).contains("result:       INTACT").contains("signed through position " + logHead());
        assertThat(work.resolve("data")).as("no data directory, database or key was created").doesNotExist();
        String standaloneOutput = output(standalone);
        assertThat(standalone.exitValue()).as(standaloneOutput).isZero();
        assertThat(verdictLines(standaloneOutput)).as("the auditor verifier jar agrees line for line").isEqualTo(verdictLines(intactOutput));

        // a download cut off mid-line is not a complete export (exit 2), not a failed verification (exit 1)
        String whole = Files.readString(export, StandardCharsets.UTF_8);
        Path cut = Files.writeString(work.resolve("cut.ndjson"), whole.substring(0, whole.length() * 2 / 3), StandardCharsets.UTF_8);
        Process cutOff = verifierProcess(work, "--stream", cut.toString(), "--public-key", key.toString(),
                "--checkpoints", checkpoints.toString());
        Process standaloneCutOff = standaloneVerifierProcess(work, "--stream", cut.toString(), "--public-key", key.toString(),
                "--checkpoints", checkpoints.toString());
        String cutOffOutput = output(cutOff);
        assertThat(cutOff.exitValue()).as(cutOffOutput).isEqualTo(2);
        assertThat(cutOffOutput).contains("not a complete export").doesNotContain("result:");
        String standaloneCutOffOutput = output(standaloneCutOff);
        assertThat(standaloneCutOff.exitValue()).as(standaloneCutOffOutput).isEqualTo(2);
        assertThat(standaloneCutOffOutput).contains("not a complete export").doesNotContain("result:");

        long position = position(history.badPublishIncident(), 0);
        byte[] original = payload(position);
        tamper("update domain_event_entry set payload = ? where global_index = ?", changedByte(original), position);
        try {
            Path tampered = exportTo(work.resolve("tampered.ndjson"));
            Process failed = verifierProcess(work, "--stream", tampered.toString(), "--public-key", key.toString(),
                    "--checkpoints", checkpoints.toString());
            Process standaloneFailed = standaloneVerifierProcess(work, "--stream", tampered.toString(), "--public-key", key.toString(),
                    "--checkpoints", checkpoints.toString());
            String failedOutput = output(failed);
            assertThat(failed.exitValue()).as(failedOutput).isEqualTo(1);
            assertThat(failedOutput).contains("result:       FAILED at position " + position + ": EVENT_ALTERED");
            String standaloneFailedOutput = output(standaloneFailed);
            assertThat(standaloneFailed.exitValue()).as(standaloneFailedOutput).isEqualTo(1);
            assertThat(verdictLines(standaloneFailedOutput)).isEqualTo(verdictLines(failedOutput));
            assertFailsOverHttpAt(position, "EVENT_ALTERED");
        } finally {
            tamper("update domain_event_entry set payload = ? where global_index = ?", original, position);
        }
        assertIntactOverHttp();
    }

    /**
     * A download cut off (the end line missing, or the file stopping mid-line) is not a complete export,
     * like a file that is no export at all: exit 2, never 1, since a broken download says nothing about
     * the log (docs/audit.md, "Exit codes").
     */
    @Test
    void aCutOffExportOrAFileThatIsNoExportIsNotACompleteExport() throws Exception {
        Path work = Files.createDirectories(directory.resolve("cut-off"));
        Path export = exportTo(work.resolve("export.ndjson"));
        Path key = publicKeyTo(work.resolve("key.pem"));
        Path checkpoints = fetchAnchoredCheckpoints(work);
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        assertThat(lines.get(lines.size() - 1)).contains("\"kind\":\"end\"");

        Path withoutEnd = Files.write(work.resolve("without-end.ndjson"), lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
        Verdict noEndLine = verifyOfflineWithExit(withoutEnd, key, checkpoints);
        assertThat(noEndLine.exitCode()).as(noEndLine.output()).isEqualTo(2);
        assertThat(noEndLine.output()).contains("has no end line").contains("not a complete export");

        byte[] bytes = Files.readAllBytes(export);
        Path midLine = Files.write(work.resolve("mid-line.ndjson"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Verdict cutMidLine = verifyOfflineWithExit(midLine, key, checkpoints);
        assertThat(cutMidLine.exitCode()).as(cutMidLine.output()).isEqualTo(2);
        assertThat(cutMidLine.output()).contains("not a complete export");

        Path empty = Files.write(work.resolve("empty.ndjson"), new byte[0]);
        Verdict nothing = verifyOfflineWithExit(empty, key, checkpoints);
        assertThat(nothing.exitCode()).as(nothing.output()).isEqualTo(2);
        assertThat(nothing.output()).contains("does not start with a binkindly-ledger/audit-stream/1 header line");
    }

    /**
     * The export checked without any of the ledger's audit classes: links and signatures
     * recomputed here with the JDK alone, the way docs/audit.md tells an auditor to.
     */
    @Test
    void anExportedFileMatchesLinksAndSignaturesComputedHereFromTheDocumentAlone() throws Exception {
        String export = ledger.get("/audit/stream", AUDITOR).text();
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getMimeDecoder().decode(
                        ledger.get("/audit/public-key", AUDITOR).text().replaceAll("-----[A-Z ]+-----", ""))));
        byte[] spki = key.getEncoded();
        String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));

        byte[] link = new byte[32];
        long count = 0;
        long lastPosition = 0;
        int checkpointsChecked = 0;
        List<JsonNode> lines = AuditStreamHttpTest.lines(export);
        for (JsonNode line : lines.subList(1, lines.size() - 1)) {
            switch (line.path("kind").asText()) {
                case "event" -> {
                    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
                    canonical.writeBytes("binkindly-ledger/event/1".getBytes(StandardCharsets.US_ASCII));
                    lengthPrefixed(canonical, ByteBuffer.allocate(8).putLong(line.path("position").asLong()).array());
                    lengthPrefixed(canonical, text(line, "eventId"));
                    lengthPrefixed(canonical, text(line, "aggregateType"));
                    lengthPrefixed(canonical, text(line, "aggregateId"));
                    lengthPrefixed(canonical, ByteBuffer.allocate(8).putLong(line.path("sequenceNumber").asLong()).array());
                    lengthPrefixed(canonical, text(line, "timestamp"));
                    lengthPrefixed(canonical, text(line, "payloadType"));
                    lengthPrefixed(canonical, text(line, "payloadRevision"));
                    lengthPrefixed(canonical, line.path("metadataBase64").isNull() ? null
                            : Base64.getDecoder().decode(line.path("metadataBase64").asText()));
                    lengthPrefixed(canonical, Base64.getDecoder().decode(line.path("payloadBase64").asText()));
                    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                    sha256.update(link);
                    link = sha256.digest(canonical.toByteArray());
                    count++;
                    lastPosition = line.path("position").asLong();
                    assertThat(line.path("link").asText()).as("link at %d", lastPosition).isEqualTo(HexFormat.of().formatHex(link));
                }
                case "checkpoint" -> {
                    String signed = "binkindly-ledger/checkpoint/1\nposition=%d\ncount=%d\nhead=%s\nsealed-at=%s\nkey=%s\n".formatted(
                            line.path("position").asLong(), line.path("count").asLong(), line.path("head").asText(),
                            line.path("sealedAt").asText(), line.path("keyId").asText());
                    Signature ed25519 = Signature.getInstance("Ed25519");
                    ed25519.initVerify(key);
                    ed25519.update(signed.getBytes(StandardCharsets.UTF_8));
                    assertThat(ed25519.verify(Base64.getDecoder().decode(line.path("signature").asText()))).isTrue();
                    assertThat(line.path("keyId").asText()).isEqualTo(keyId);
                    assertThat(line.path("position").asLong()).isEqualTo(lastPosition);
                    assertThat(line.path("count").asLong()).isEqualTo(count);
                    assertThat(line.path("head").asText()).isEqualTo(HexFormat.of().formatHex(link));
                    checkpointsChecked++;
                }
                default -> throw new AssertionError("an untouched export holds only events and checkpoints: " + line);
            }
        }
        assertThat(lines.get(lines.size() - 1).path("events").asLong()).isEqualTo(count);
        assertThat(count).isGreaterThan(40);
        assertThat(checkpointsChecked).isGreaterThanOrEqualTo((int) (count / 7));
    }

    private static byte[] text(JsonNode line, String field) {
        return line.path(field).isNull() ? null : line.path(field).asText().getBytes(StandardCharsets.UTF_8);
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }

    @Test
    void aChangedPayloadByteFailsAtThatEvent() {
        long position = position(history.badPublishIncident(), 0);
        byte[] original = payload(position);

        tamper("update domain_event_entry set payload = ? where global_index = ?", changedByte(original), position);
        try {
            assertFailsOverHttpAt(position, "EVENT_ALTERED");
            assertFailsOfflineAt(position, "EVENT_ALTERED");
        } finally {
            tamper("update domain_event_entry set payload = ? where global_index = ?", original, position);
        }
        assertIntactOverHttp();
    }

    @Test
    void aDeletedEventFailsAtItsPosition() {
        long position = positionOf(history.aiKillSwitch(), "SilentDegradeRuledOut");
        Map<String, Object> row = jdbc.queryForMap("select * from domain_event_entry where global_index = ?", position);

        tamper("delete from domain_event_entry where global_index = ?", position);
        try {
            assertFailsOverHttpAt(position, "EVENT_MISSING");
            assertFailsOfflineAt(position, "EVENT_MISSING");
        } finally {
            tamper("""
                    insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    row.get("global_index"), row.get("aggregate_identifier"), row.get("sequence_number"), row.get("type"),
                    row.get("event_identifier"), row.get("meta_data"), row.get("payload"), row.get("payload_revision"),
                    row.get("payload_type"), row.get("time_stamp"));
        }
        assertIntactOverHttp();
    }

    @Test
    void twoSwappedEventsFailAtTheEarlierPosition() {
        long first = position(history.firstOutage(), 0);
        long second = position(history.recurringOutage(), 0);

        swap(first, second);
        try {
            assertFailsOverHttpAt(first, "EVENT_ALTERED");
            assertFailsOfflineAt(first, "EVENT_ALTERED");
        } finally {
            swap(first, second);
        }
        assertIntactOverHttp();
    }

    @Test
    void changedMetadataFailsAtThatEvent() {
        long position = positionOf(history.closedIncident(), "IncidentClosed");
        byte[] original = jdbc.queryForObject("select meta_data from domain_event_entry where global_index = ?", byte[].class, position);
        assertThat(new String(original, StandardCharsets.UTF_8)).contains("\"actor\":\"olivia\"");

        tamper("""
                update domain_event_entry set meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'),
                    '"actor":"olivia"', '"actor":"mallory"'), 'UTF8') where global_index = ?""", position);
        try {
            assertFailsOverHttpAt(position, "EVENT_ALTERED");
            assertFailsOfflineAt(position, "EVENT_ALTERED");
        } finally {
            tamper("update domain_event_entry set meta_data = ? where global_index = ?", original, position);
        }
        assertIntactOverHttp();
    }

    @Test
    void eventsCutFromTheEndWithTheirSealsAndCheckpointsAreCaughtByTheCheckpointsInObjectStorage() throws Exception {
        long cutFrom = position(history.drillRebind(), 0);
        List<Map<String, Object>> events = jdbc.queryForList("select * from domain_event_entry where global_index >= ? order by global_index", cutFrom);
        List<Map<String, Object>> seals = jdbc.queryForList("select * from audit_seal where position >= ?", cutFrom);
        List<Map<String, Object>> checkpoints = jdbc.queryForList("select * from audit_checkpoint where position >= ?", cutFrom);
        Map<String, Object> chainHead = jdbc.queryForMap("select * from audit_chain_head");
        // the first signed statement about a position that is gone is where verification must fail
        long firstCheckpointCut = checkpoints.stream().mapToLong(row -> (Long) row.get("position")).min().orElseThrow();
        Path work = Files.createDirectories(directory.resolve("cut"));
        Path anchored = copyAnchoredCheckpoints(work.resolve("checkpoints"));
        started.bean(AuditSealer.class).stop();

        tamper("delete from domain_event_entry where global_index >= ?", cutFrom);
        tamper("delete from audit_seal where position >= ?", cutFrom);
        tamper("delete from audit_checkpoint where position >= ?", cutFrom);
        try {
            // what the database alone says is consistent; the anchored copy of the last checkpoint is not
            String offline = verifyOffline(exportTo(work.resolve("cut.ndjson")), publicKeyTo(work.resolve("key.pem")), null);
            assertThat(offline).contains("result:       PARTIAL").contains("not proven:   that no events were cut from the end");
            assertFailsOverHttpAt(firstCheckpointCut, "EVENTS_TRUNCATED");
            assertThat(verifyOffline(work.resolve("cut.ndjson"), work.resolve("key.pem"), anchored))
                    .contains("FAILED at position " + firstCheckpointCut + ": EVENTS_TRUNCATED");
        } finally {
            restore("domain_event_entry", events);
            restore("audit_seal", seals);
            restore("audit_checkpoint", checkpoints);
            tamper("update audit_chain_head set position = ?, event_count = ?, head = ?, last_checkpoint_count = ? where id = 1",
                    chainHead.get("position"), chainHead.get("event_count"), chainHead.get("head"), chainHead.get("last_checkpoint_count"));
            started.bean(AuditSealer.class).start();
        }
        assertIntactOverHttp();
    }

    /**
     * Issue 13's forged append: a backdated IncidentClosed for the open bad-publish incident,
     * inserted with SQL in a real person's name. INSERT passes the append-only triggers; the
     * writer signature is what it cannot bring.
     */
    @Test
    void aRowInsertedWithSqlInARealPersonsNameIsNeverSealedAndFailsVerificationAsNotAuthentic() {
        awaitEverythingSealedAndAnchored();
        String incident = history.badPublishIncident();
        long nextSequence = jdbc.queryForObject("select max(sequence_number) + 1 from domain_event_entry where aggregate_identifier = ?",
                Long.class, incident);
        String backdated = jdbc.queryForObject("select time_stamp from domain_event_entry where aggregate_identifier = ? and sequence_number = 0",
                String.class, incident);
        jdbc.update("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,
                                                payload_revision, payload_type, time_stamp)
                values (?, ?, 'Incident', ?, ?, ?, '1', 'org.binkindly.ledger.core.incident.IncidentClosed', ?)""",
                incident, nextSequence, java.util.UUID.randomUUID().toString(),
                "{\"actor\":\"olivia\"}".getBytes(StandardCharsets.UTF_8),
                ("{\"incidentId\":\"" + incident + "\",\"postIncidentRecord\":\"all fine\"}").getBytes(StandardCharsets.UTF_8),
                backdated);
        long forged = logHead();
        try {
            AuditSealer.Round round = started.bean(AuditSealer.class).sealNow();

            assertThat(round.halt()).as("the sealer refuses the forged row").isNotNull();
            assertThat(round.halt().position()).isEqualTo(forged);
            assertThat(round.halt().problem()).isEqualTo(AuditSealer.EVENT_NOT_AUTHENTIC);
            assertThat(jdbc.queryForObject("select count(*) from audit_seal where position >= ?", Long.class, forged)).isZero();
            assertThat(jdbc.queryForObject("select max(position) from audit_checkpoint", Long.class)).isLessThan(forged);
            assertThat(metric("ledger_audit_sealer_halted")).isEqualTo(1.0);
            assertFailsOverHttpAt(forged, "EVENT_NOT_AUTHENTIC");
            assertFailsOfflineAt(forged, "EVENT_NOT_AUTHENTIC");
        } finally {
            tamper("delete from domain_event_entry where global_index = ?", forged);
        }
        assertThat(started.bean(AuditSealer.class).sealNow().halt()).isNull();
        assertThat(metric("ledger_audit_sealer_halted")).isZero();
        assertIntactOverHttp();
    }

    /**
     * Issue 13's truncation: the last event, its seal and its checkpoint row deleted and the chain
     * head rewound to the event before. The checkpoint is still in object storage, so the sealer
     * refuses to seal on and never signs at or below it, even once new events arrive.
     */
    @Test
    void theSealerRefusesToSignBelowAnAnchoredCheckpointAfterTheLogAndChainWereCutBackAndRewound() {
        awaitEverythingSealedAndAnchored();
        AuditSealer sealer = started.bean(AuditSealer.class);
        sealer.stop();
        long last = logHead();
        List<Map<String, Object>> events = jdbc.queryForList("select * from domain_event_entry where global_index = ?", last);
        List<Map<String, Object>> seals = jdbc.queryForList("select * from audit_seal where position = ?", last);
        List<Map<String, Object>> checkpoints = jdbc.queryForList("select * from audit_checkpoint where position = ?", last);
        assertThat(checkpoints).as("the last event is covered by an anchored checkpoint").hasSize(1);
        Map<String, Object> chainHead = jdbc.queryForMap("select * from audit_chain_head");
        Map<String, Object> previous = jdbc.queryForMap("select position, link from audit_seal where position < ? order by position desc limit 1", last);
        long countBefore = (Long) chainHead.get("event_count") - 1;
        tamper("delete from domain_event_entry where global_index = ?", last);
        tamper("delete from audit_seal where position = ?", last);
        tamper("delete from audit_checkpoint where position = ?", last);
        tamper("update audit_chain_head set position = ?, event_count = ?, head = ?, last_checkpoint_count = ? where id = 1",
                previous.get("position"), countBefore, previous.get("link"), countBefore);
        try {
            // a new fact after the cut: without the anchored floor the sealer would seal it and sign a checkpoint
            new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

            AuditSealer.Round round = sealer.sealNow();

            assertThat(round.halt()).isNotNull();
            assertThat(round.halt().problem()).isEqualTo(AuditSealer.CHAIN_BEHIND_ANCHOR);
            assertThat(round.halt().position()).isEqualTo(last);
            assertThat(round.sealed()).isZero();
            assertThat(round.checkpoints()).isZero();
            assertThat(jdbc.queryForObject("select coalesce(max(position), 0) from audit_checkpoint", Long.class)).isLessThan(last);
            assertThat(metric("ledger_audit_sealer_halted")).isEqualTo(1.0);
        } finally {
            restore("domain_event_entry", events);
            restore("audit_seal", seals);
            restore("audit_checkpoint", checkpoints);
            tamper("update audit_chain_head set position = ?, event_count = ?, head = ?, last_checkpoint_count = ? where id = 1",
                    chainHead.get("position"), chainHead.get("event_count"), chainHead.get("head"), chainHead.get("last_checkpoint_count"));
            sealer.start();
        }
        assertThat(sealer.sealNow().halt()).isNull();
        awaitEverythingSealedAndAnchored();
        assertIntactOverHttp();
    }

    private static double metric(String name) {
        String scrape = ledger.get("/actuator/prometheus", LedgerClient.PROMETHEUS).text();
        return scrape.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in the scrape"));
    }

    // --- the auditor's side -------------------------------------------------------------------

    private static Path exportTo(Path file) {
        LedgerClient.Response export = ledger.get("/audit/stream", AUDITOR);
        assertThat(export.status()).isEqualTo(200);
        try {
            return Files.writeString(file, export.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path publicKeyTo(Path file) {
        try {
            return Files.writeString(file, ledger.get("/audit/public-key", AUDITOR).text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The README's auditor step: {@code audit-checkpoints} fetches the anchored checkpoints over
     * HTTP as an AUDITOR; they must be byte for byte what object storage holds.
     */
    private static Path fetchAnchoredCheckpoints(Path work) throws IOException {
        Path tokenFile = Files.writeString(work.resolve("auditor-token"), AUDITOR + "\n", StandardCharsets.UTF_8);
        Path fetched = work.resolve("checkpoints");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LedgerCommandLine.run(new String[]{"audit-checkpoints", "--ledger-url=" + ledger.base(),
                "--token-file=" + tokenFile, "--out=" + fetched}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        Path direct = copyAnchoredCheckpoints(work.resolve("checkpoints-from-s3"));
        try (var expected = Files.list(direct)) {
            for (Path object : expected.toList()) {
                assertThat(fetched.resolve(object.getFileName())).hasBinaryContent(Files.readAllBytes(object));
            }
        }
        try (var files = Files.list(fetched)) {
            assertThat(files.count()).isEqualTo(Files.list(direct).count());
        }
        assertThat(ledger.get("/audit/checkpoints/anchored", LedgerClient.ALICE_OPERATOR).status()).isEqualTo(403);
        return fetched;
    }

    /** What {@code aws s3 cp --recursive s3://<bucket>/audit/checkpoints/ <dir>} does. */
    private static Path copyAnchoredCheckpoints(Path target) throws IOException {
        Files.createDirectories(target);
        EmbeddedObjectStore store = started.bean(EmbeddedObjectStore.class);
        try (S3Client s3 = S3Clients.create(store.settings(""))) {
            List<S3Object> objects = s3.listObjectsV2(list -> list.bucket(store.bucket()).prefix(S3CheckpointAnchor.FOLDER)).contents();
            assertThat(objects).isNotEmpty();
            for (S3Object object : objects) {
                Files.write(target.resolve(Path.of(object.key()).getFileName()),
                        s3.getObjectAsBytes(get -> get.bucket(store.bucket()).key(object.key())).asByteArray());
            }
        }
        return target;
    }

    private static Process verifierProcess(Path workingDirectory, String... options) throws IOException {
        List<String> command = LedgerNodes.ledgerCommand("256m");
        command.add("audit-verify");
        command.addAll(List.of(options));
        return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
    }

    /**
     * The stand-alone auditor verifier, with nothing on its class path but ledger-core's classes:
     * no Spring, no Jackson, no Axon (its own package needs only the JDK).
     */
    private static Process standaloneVerifierProcess(Path workingDirectory, String... options) throws Exception {
        Path coreClasses = Path.of(org.binkindly.ledger.core.audit.AuditVerifier.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", coreClasses.toString(), org.binkindly.ledger.core.audit.AuditVerifier.class.getName()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
    }

    private static List<String> verdictLines(String output) {
        return output.lines().filter(line -> line.matches("(export|keys|events|checkpoints|chain head|authenticity|result|detail):.*"))
                .toList();
    }

    private static String output(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static String verifyOffline(Path export, Path key, Path checkpoints) {
        List<String> args = new ArrayList<>(List.of("audit-verify", "--stream", export.toString(), "--public-key", key.toString()));
        if (checkpoints != null) {
            args.addAll(List.of("--checkpoints", checkpoints.toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LedgerCommandLine.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private record Verdict(int exitCode, String output) {
    }

    private static Verdict verifyOfflineWithExit(Path export, Path key, Path checkpoints) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LedgerCommandLine.run(new String[]{"audit-verify", "--stream", export.toString(), "--public-key", key.toString(),
            "--checkpoints", checkpoints.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Verdict(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static void assertFailsOfflineAt(long position, String problem) {
        Path work = directory.resolve("offline-" + position + "-" + problem);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String output = verifyOffline(exportTo(work.resolve("export.ndjson")), publicKeyTo(work.resolve("key.pem")), null);
        assertThat(output).contains("result:       FAILED at position %d: %s".formatted(position, problem));
    }

    private static void assertFailsOverHttpAt(long position, String problem) {
        JsonNode report = expectOk(ledger.get("/audit/verification", AUDITOR));
        assertThat(report.path("intact").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.path("firstFailure").path("position").asLong()).as(report.toString()).isEqualTo(position);
        assertThat(report.path("firstFailure").path("problem").asText()).isEqualTo(problem);
    }

    private static void assertIntactOverHttp() {
        JsonNode report = expectOk(ledger.get("/audit/verification", AUDITOR));
        assertThat(report.path("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("signedThrough").asLong()).isEqualTo(logHead());
        // every event the ledger wrote, the policies' included, carries a valid writer signature
        assertThat(report.path("authenticatedEvents").asLong()).isEqualTo(report.path("events").asLong()).isPositive();
        assertThat(report.path("unauthenticatedEvents").asLong()).isZero();
    }

    // --- the attacker's side: straight into PostgreSQL, triggers off ---------------------------

    private static void tamper(String sql, Object... args) {
        inTransactionWithoutTriggers(template -> template.update(sql, args));
    }

    private static void swap(long first, long second) {
        inTransactionWithoutTriggers(template -> {
            template.update("update domain_event_entry set global_index = -1 where global_index = ?", first);
            template.update("update domain_event_entry set global_index = ? where global_index = ?", first, second);
            template.update("update domain_event_entry set global_index = ? where global_index = -1", second);
        });
    }

    private static void restore(String table, List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            String columns = String.join(", ", row.keySet());
            String marks = String.join(", ", row.keySet().stream().map(column -> "?").toList());
            tamper("insert into " + table + " (" + columns + ") values (" + marks + ")", row.values().toArray());
        }
    }

    private static void inTransactionWithoutTriggers(Consumer<JdbcTemplate> change) {
        // the ledger's own role may not do this: the attacker here has the owner's (superuser's) password
        JdbcTemplate owner = started.ownerJdbc();
        new TransactionTemplate(new DataSourceTransactionManager(owner.getDataSource())).executeWithoutResult(status -> {
            // a superuser's way past the append-only triggers, for this transaction only
            owner.execute("set local session_replication_role = replica");
            change.accept(owner);
        });
    }

    /**
     * A second node (its own sealer, same database, key and bucket) seals new events and anchors a
     * checkpoint while this node's sealer is idle. Then the log and chain are cut back to this node's
     * last anchor, below the other node's. This node must honour the checkpoint it did not anchor
     * itself: it refuses to seal on, and signs nothing, once a new event arrives.
     */
    @Test
    void aCheckpointAnchoredByAnotherNodeStopsThisNodesSealerAfterTheChainWasCutBackBelowIt() {
        awaitEverythingSealedAndAnchored();
        AuditSealer sealer = started.bean(AuditSealer.class);
        sealer.stop();
        long floor = logHead(); // this node's own highest anchored checkpoint
        Map<String, Object> chainHead = jdbc.queryForMap("select * from audit_chain_head");
        AuditSealer otherNode = new AuditSealer(started.bean(JdbcTemplate.class), started.bean(EventLog.class),
                started.bean(PlatformTransactionManager.class), started.bean(CheckpointSigner.class),
                started.bean(S3CheckpointAnchor.class), new AuditSealer.Settings(1, Duration.ofSeconds(60), Duration.ofSeconds(1),
                100, Duration.ofSeconds(10)), started.bean(Clock.class));
        new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
        AuditSealer.Round sealedElsewhere = otherNode.sealNow();
        assertThat(sealedElsewhere.halt()).isNull();
        assertThat(sealedElsewhere.anchored()).as("the other node anchored checkpoints above this node's").isPositive();
        long anchoredElsewhere = jdbc.queryForObject("select max(position) from audit_checkpoint where anchored_at is not null",
                Long.class);
        assertThat(anchoredElsewhere).isGreaterThan(floor);

        List<Map<String, Object>> events = jdbc.queryForList("select * from domain_event_entry where global_index > ?", floor);
        List<Map<String, Object>> seals = jdbc.queryForList("select * from audit_seal where position > ?", floor);
        List<Map<String, Object>> checkpoints = jdbc.queryForList("select * from audit_checkpoint where position > ?", floor);
        Map<String, Object> cutHead = jdbc.queryForMap("select * from audit_chain_head");
        tamper("delete from domain_event_entry where global_index > ?", floor);
        tamper("delete from audit_seal where position > ?", floor);
        tamper("delete from audit_checkpoint where position > ?", floor);
        tamper("update audit_chain_head set position = ?, event_count = ?, head = ?, last_checkpoint_count = ?, last_checkpoint_at = ? "
                        + "where id = 1", chainHead.get("position"), chainHead.get("event_count"), chainHead.get("head"),
                chainHead.get("last_checkpoint_count"), chainHead.get("last_checkpoint_at"));
        try {
            // a new fact after the cut: knowing only its own anchors, this node would seal it onto the cut chain
            new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);

            AuditSealer.Round round = sealer.sealNow();

            assertThat(round.halt()).as("the checkpoint anchored by the other node counts").isNotNull();
            assertThat(round.halt().problem()).isEqualTo(AuditSealer.CHAIN_BEHIND_ANCHOR);
            assertThat(round.halt().position()).isEqualTo(anchoredElsewhere);
            assertThat(round.sealed()).isZero();
            assertThat(round.checkpoints()).isZero();
            assertThat(jdbc.queryForObject("select coalesce(max(position), 0) from audit_checkpoint", Long.class)).isEqualTo(floor);
            assertThat(metric("ledger_audit_sealer_halted")).isEqualTo(1.0);
        } finally {
            restore("domain_event_entry", events);
            restore("audit_seal", seals);
            restore("audit_checkpoint", checkpoints);
            tamper("update audit_chain_head set position = ?, event_count = ?, head = ?, last_checkpoint_count = ?, last_checkpoint_at = ? "
                            + "where id = 1", cutHead.get("position"), cutHead.get("event_count"), cutHead.get("head"),
                    cutHead.get("last_checkpoint_count"), cutHead.get("last_checkpoint_at"));
            sealer.start();
        }
        assertThat(sealer.sealNow().halt()).isNull();
        awaitEverythingSealedAndAnchored();
        assertIntactOverHttp();
    }

    /**
     * An idle batch signs nothing, so it does not list object storage every seal interval: a sealer lists once after it
     * is made, and again only before a batch that may sign (each listing an S3 request, and on the filesystem store the
     * tests run, a walk of every checkpoint object).
     */
    @Test
    void anIdleSealerListsObjectStorageOnceAndThenOnlyBeforeABatchThatMaySign() {
        awaitEverythingSealedAndAnchored();
        AuditSealer sealer = started.bean(AuditSealer.class);
        sealer.stop();
        try {
            ListingsCounted storage = new ListingsCounted(started.bean(S3CheckpointAnchor.class));
            AuditSealer node = new AuditSealer(started.bean(JdbcTemplate.class), started.bean(EventLog.class),
                    started.bean(PlatformTransactionManager.class), started.bean(CheckpointSigner.class), storage,
                    new AuditSealer.Settings(7, Duration.ofSeconds(60), Duration.ofSeconds(1), 100, Duration.ofSeconds(10)),
                    started.bean(Clock.class));

            assertThat(node.sealNow().sealed()).isZero();
            assertThat(storage.listings).as("listed once after it was made").hasValue(1);
            for (int round = 0; round < 5; round++) {
                AuditSealer.Round idle = node.sealNow();
                assertThat(idle.sealed() + idle.checkpoints()).isZero();
                assertThat(idle.halt()).isNull();
            }
            assertThat(storage.listings).as("idle rounds list nothing").hasValue(1);

            new Incidents(ledger).declare("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG);
            assertThat(node.sealNow().sealed()).isPositive();
            assertThat(storage.listings).as("listed again before the batch that sealed").hasValue(2);
        } finally {
            sealer.start();
        }
        awaitEverythingSealedAndAnchored();
    }

    /** The real anchor in object storage, its listings counted. */
    private static final class ListingsCounted implements CheckpointAnchor {
        private final CheckpointAnchor storage;
        private final java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();

        ListingsCounted(CheckpointAnchor storage) {
            this.storage = storage;
        }

        @Override
        public Outcome anchor(Checkpoint checkpoint) {
            return storage.anchor(checkpoint);
        }

        @Override
        public Listing anchored() {
            listings.incrementAndGet();
            return storage.anchored();
        }

        @Override
        public Listing anchoredAfter(long position) {
            listings.incrementAndGet();
            return storage.anchoredAfter(position);
        }

        @Override
        public String location() {
            return storage.location();
        }
    }

    // --- reading the log ------------------------------------------------------------------------

    private static void awaitEverythingSealedAndAnchored() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode chain = expectOk(ledger.get("/audit/chain", AUDITOR));
            assertThat(chain.path("unsealedEvents").asLong()).isZero();
            assertThat(chain.path("checkpointsNotAnchored").asLong()).isZero();
            assertThat(chain.path("lastAnchoredCheckpoint").path("position").asLong()).isEqualTo(chain.path("logHead").asLong());
        });
    }

    private static long logHead() {
        return jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    }

    private static long position(String aggregateId, long sequenceNumber) {
        return jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ? and sequence_number = ?",
                Long.class, aggregateId, sequenceNumber);
    }

    private static long positionOf(String aggregateId, String simpleType) {
        return jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                Long.class, aggregateId, "%." + simpleType);
    }

    private static byte[] payload(long position) {
        return jdbc.queryForObject("select payload from domain_event_entry where global_index = ?", byte[].class, position);
    }

    /** One letter of the stored JSON changed: still valid JSON, a different fact. */
    private static byte[] changedByte(byte[] original) {
        byte[] changed = original.clone();
        String text = new String(original, StandardCharsets.UTF_8);
        int index = text.indexOf("observedFailureMode\":\"") + "observedFailureMode\":\"".length();
        assertThat(index).isGreaterThan("observedFailureMode\":\"".length());
        changed[index] = (byte) (changed[index] == 'x' ? 'y' : 'x');
        return changed;
    }
}
