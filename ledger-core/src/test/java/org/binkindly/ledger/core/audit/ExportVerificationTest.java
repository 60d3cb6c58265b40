package org.binkindly.ledger.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-alone verifier's exit codes on whole and broken files (docs/audit.md: 0 INTACT, 1
 * FAILED, 2 usage or not a complete export, 3 PARTIAL). A file cut off in transit is not a
 * complete export: it says nothing about the log, so it must not read as a verification failure.
 */
class ExportVerificationTest {

    private final KeyPair keys = AuditKeys.generate();
    private final CheckpointSigner signer = new CheckpointSigner(keys);

    @TempDir
    Path directory;

    @Test
    void aWholeExportIsIntactWithTheAnchoredCheckpointsAndPartialWithout() throws IOException {
        Path export = write("export.ndjson", String.join("\n", exportLines()) + "\n");

        Verdict anchored = verify(export, checkpointsDirectory());
        Verdict partial = verify(export, null);

        assertThat(anchored.exit()).as(anchored.output()).isEqualTo(AuditVerifier.INTACT);
        assertThat(anchored.output()).contains("result:       INTACT");
        assertThat(partial.exit()).as(partial.output()).isEqualTo(AuditVerifier.PARTIAL);
    }

    @Test
    void anExportCutOffMidLineIsNotACompleteExportAndExitsTwo() throws IOException {
        List<String> lines = exportLines();
        String whole = String.join("\n", lines) + "\n";
        // cut inside the fourth event's line (after the checkpoint at 3), as a dropped connection would
        int cut = whole.indexOf(lines.get(5)) + lines.get(5).length() / 2;
        Path export = write("cut.ndjson", whole.substring(0, cut));

        Verdict verdict = verify(export, checkpointsDirectory());

        assertThat(verdict.exit()).as(verdict.output()).isEqualTo(AuditVerifier.USAGE_ERROR);
        assertThat(verdict.output()).contains("is cut off").contains("after position 3").contains("not a complete export")
                .doesNotContain("result:");
    }

    @Test
    void anExportCutAtALineEndWithoutItsEndLineIsNotACompleteExportAndExitsTwo() throws IOException {
        List<String> lines = exportLines();
        Path export = write("short.ndjson", String.join("\n", lines.subList(0, 6)) + "\n");

        Verdict verdict = verify(export, checkpointsDirectory());

        assertThat(verdict.exit()).as(verdict.output()).isEqualTo(AuditVerifier.USAGE_ERROR);
        assertThat(verdict.output()).contains("has no end line").contains("after position 4").doesNotContain("result:");
    }

    @Test
    void aLineThatIsNotJsonInsideTheFileStillFailsAsAMalformedStream() throws IOException {
        List<String> lines = new ArrayList<>(exportLines());
        lines.set(3, lines.get(3).substring(0, 20));
        Path export = write("garbled.ndjson", String.join("\n", lines) + "\n");

        Verdict verdict = verify(export, checkpointsDirectory());

        assertThat(verdict.exit()).as(verdict.output()).isEqualTo(AuditVerifier.FAILED);
        assertThat(verdict.output()).contains("result:       FAILED at position 3: MALFORMED_STREAM");
    }

    @Test
    void anAlteredEventBeforeTheCutIsStillReportedAsAFailure() throws IOException {
        List<String> lines = new ArrayList<>(exportLines());
        lines.set(2, lines.get(2).replace(base64("{\"requirement\":\"step 1\"}"), base64("{\"requirement\":\"step X\"}")));
        String cut = String.join("\n", lines.subList(0, 6));
        Path export = write("altered-and-cut.ndjson", cut.substring(0, cut.length() - 10));

        Verdict verdict = verify(export, checkpointsDirectory());

        assertThat(verdict.exit()).as(verdict.output()).isEqualTo(AuditVerifier.FAILED);
        assertThat(verdict.output()).contains("result:       FAILED at position 2: EVENT_ALTERED");
    }

    @Test
    void aSignatureUnderAnAnchoredCheckpointIsLeftToTheSealerUnlessAllSignaturesAreAsked() throws IOException {
        // every event signed as the ledger writes it, the second one's signature then spoiled: a stream the sealer never
        // seals, made here to show what --all-signatures adds
        signEvents(1);
        Path export = write("export.ndjson", String.join("\n", exportLines()) + "\n");

        Verdict byDefault = verify(export, checkpointsDirectory());
        Verdict everySignature = verify(export, checkpointsDirectory(), "--all-signatures");

        assertThat(byDefault.exit()).as(byDefault.output()).isEqualTo(AuditVerifier.INTACT);
        assertThat(byDefault.output()).contains("signatures:   0 checked here, 6 covered by a verified checkpoint");
        assertThat(everySignature.exit()).as(everySignature.output()).isEqualTo(AuditVerifier.FAILED);
        assertThat(everySignature.output()).contains("result:       FAILED at position 2: EVENT_NOT_AUTHENTIC");
    }

    /**
     * An export of many batches (the verifier reads and parses lines ahead on other threads, a batch at a time) is
     * checked in file order: an intact one verifies, and one altered far into the file fails at that position. Either
     * way no thread of the verifier's outlives it, also when it stops at the failure with batches still read ahead.
     */
    @Test
    void aLongExportIsCheckedInFileOrderAcrossItsBatchesAndLeavesNoThreadBehind() throws Exception {
        events.clear();
        events.addAll(AuditStreams.events(java.util.stream.LongStream.rangeClosed(1, 5_000).toArray()));
        checkpointEvery = 100;
        List<String> lines = exportLines();
        Path intact = write("long.ndjson", String.join("\n", lines) + "\n");
        int altered = 1 + 1_700 + 1_700 / 100; // the header, 1,700 events, a checkpoint after every 100th
        assertThat(lines.get(altered)).contains("\"position\":1701,");
        lines.set(altered, lines.get(altered).replace(base64("{\"requirement\":\"step 1700\"}"), base64("{\"requirement\":\"step X\"}")));
        Path spoiled = write("long-altered.ndjson", String.join("\n", lines) + "\n");

        Verdict whole = verify(intact, checkpointsDirectory());
        Verdict broken = verify(spoiled, checkpointsDirectory());

        assertThat(whole.exit()).as(whole.output()).isEqualTo(AuditVerifier.INTACT);
        assertThat(whole.output()).contains("events:       5000 read, 5000 sealed");
        assertThat(broken.exit()).as(broken.output()).isEqualTo(AuditVerifier.FAILED);
        assertThat(broken.output()).contains("result:       FAILED at position 1701: EVENT_ALTERED");
        // a pool's thread ends just after the pool reports it has terminated: given a moment, not forever
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!verifierThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(verifierThreads()).isEmpty();
    }

    private static List<String> verifierThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("export-verification-")).toList();
    }

    /**
     * The auditor-verifier jar holds ledger-core's classes alone, without BouncyCastle, so it checks signatures
     * with the JDK's Ed25519 (Ed25519Engine); this runs the verifier in such a JVM over signatures the ledger's
     * engine made, with every signature checked.
     */
    @Test
    void theVerifierWithoutBouncyCastleChecksTheLedgersSignaturesWithTheJdks() throws Exception {
        assertThat(Ed25519Engine.fastest()).as("this JVM signs with BouncyCastle").isInstanceOf(BouncyCastleEd25519.class);
        signEvents(-1);
        Path intact = write("intact.ndjson", String.join("\n", exportLines()) + "\n");
        Verdict whole = verifyWithoutBouncyCastle(intact, checkpointsDirectory(), "--all-signatures");
        signEvents(1);
        Path spoiled = write("spoiled.ndjson", String.join("\n", exportLines()) + "\n");
        Verdict broken = verifyWithoutBouncyCastle(spoiled, checkpointsDirectory(), "--all-signatures");

        assertThat(whole.exit()).as(whole.output()).isEqualTo(AuditVerifier.INTACT);
        assertThat(whole.output()).contains("signatures:   6 checked here");
        assertThat(broken.exit()).as(broken.output()).isEqualTo(AuditVerifier.FAILED);
        assertThat(broken.output()).contains("result:       FAILED at position 2: EVENT_NOT_AUTHENTIC");
    }

    /** Signs every event as the ledger writes it; the signature of the event at index {@code spoiled} (if any) is then spoiled. */
    private void signEvents(int spoiled) {
        List<AuditEvent> unsigned = AuditStreams.events(1, 2, 3, 4, 5, 6);
        for (int i = 0; i < events.size(); i++) {
            AuditEvent event = unsigned.get(i);
            byte[] metadata = signer.authenticate(event.eventId(), event.aggregateType(), event.aggregateId(),
                    event.sequenceNumber(), event.timestamp(), event.payloadType(), event.payloadRevision(), event.metadata(),
                    event.payload());
            if (i == spoiled) {
                String text = new String(metadata, StandardCharsets.UTF_8);
                int at = text.lastIndexOf(':') + 1;
                metadata = (text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1))
                        .getBytes(StandardCharsets.UTF_8);
            }
            events.set(i, new AuditEvent(event.position(), event.eventId(), event.aggregateType(), event.aggregateId(),
                    event.sequenceNumber(), event.timestamp(), event.payloadType(), event.payloadRevision(), metadata,
                    event.payload()));
        }
    }

    private Verdict verifyWithoutBouncyCastle(Path export, Path checkpoints, String... options) throws Exception {
        Path key = Files.writeString(directory.resolve("key.pem"), AuditKeys.publicKeyPem(keys.getPublic()));
        Path coreClasses = Path.of(AuditVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", coreClasses.toString(), AuditVerifier.class.getName(), "--stream", export.toString(),
                "--public-key", key.toString(), "--checkpoints", checkpoints.toString()));
        command.addAll(List.of(options));
        Process verifier = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verifier.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        return new Verdict(verifier.exitValue(), output);
    }

    // --- an export as GET /audit/stream writes it (docs/audit.md, "The export") ---------------

    private final List<AuditEvent> events = AuditStreams.events(1, 2, 3, 4, 5, 6);
    private int checkpointEvery = 3;

    /** Header, six sealed events with a checkpoint after every third, end. */
    private List<String> exportLines() {
        List<String> lines = new ArrayList<>();
        lines.add("{\"kind\":\"header\",\"format\":\"%s\",\"exportedAt\":\"2026-11-27T10:05:00Z\",\"complete\":true,\"after\":0}"
                .formatted(ExportVerification.FORMAT));
        for (AuditRecord record : AuditStreams.sealed(events, signer, checkpointEvery)) {
            if (record instanceof AuditRecord.Event sealed) {
                AuditEvent event = sealed.event();
                lines.add(("{\"kind\":\"event\",\"position\":%d,\"eventId\":\"%s\",\"aggregateType\":\"%s\",\"aggregateId\":\"%s\","
                        + "\"sequenceNumber\":%d,\"timestamp\":\"%s\",\"payloadType\":\"%s\",\"payloadRevision\":\"%s\","
                        + "\"metadataBase64\":\"%s\",\"payloadBase64\":\"%s\",\"link\":\"%s\"}").formatted(event.position(),
                        event.eventId(), event.aggregateType(), event.aggregateId(), event.sequenceNumber(), event.timestamp(),
                        event.payloadType(), event.payloadRevision(), Base64.getEncoder().encodeToString(event.metadata()),
                        Base64.getEncoder().encodeToString(event.payload()), sealed.link()));
            } else if (record instanceof AuditRecord.Signed signed) {
                lines.add("{\"kind\":\"checkpoint\"," + checkpointFields(signed.checkpoint()) + "}");
            }
        }
        lines.add("{\"kind\":\"end\",\"events\":%d,\"lastPosition\":%d}".formatted(events.size(), events.get(events.size() - 1)
                .position()));
        return lines;
    }

    /** The checkpoint objects as anchored in object storage. */
    private Path checkpointsDirectory() throws IOException {
        Path checkpoints = Files.createDirectories(directory.resolve("checkpoints"));
        for (AuditRecord record : AuditStreams.sealed(events, signer, checkpointEvery)) {
            if (record instanceof AuditRecord.Signed signed) {
                Files.writeString(checkpoints.resolve("%019d.json".formatted(signed.position())),
                        "{\"format\":\"%s\",%s}".formatted(Checkpoint.TAG, checkpointFields(signed.checkpoint())));
            }
        }
        return checkpoints;
    }

    private static String checkpointFields(Checkpoint checkpoint) {
        return "\"position\":%d,\"count\":%d,\"head\":\"%s\",\"sealedAt\":\"%s\",\"keyId\":\"%s\",\"signature\":\"%s\"".formatted(
                checkpoint.position(), checkpoint.count(), checkpoint.head(), checkpoint.sealedAt(), checkpoint.keyId(),
                checkpoint.signature());
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }

    private record Verdict(int exit, String output) {
    }

    private Verdict verify(Path export, Path checkpoints, String... options) throws IOException {
        Path key = Files.writeString(directory.resolve("key.pem"), AuditKeys.publicKeyPem(keys.getPublic()));
        List<String> args = new ArrayList<>(List.of("--stream", export.toString(), "--public-key", key.toString()));
        if (checkpoints != null) {
            args.addAll(List.of("--checkpoints", checkpoints.toString()));
        }
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = AuditVerifier.run(args.toArray(String[]::new), print, print);
        return new Verdict(exit, out.toString(StandardCharsets.UTF_8));
    }
}
