package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.adapters.s3.S3CheckpointAnchor;
import org.binkindly.ledger.api.audit.AuditJson;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.AuditRecord;
import org.binkindly.ledger.core.audit.ChainVerifier;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.VerificationReport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code audit-verify}: verifies an NDJSON export offline with the same {@link ChainVerifier} the
 * ledger's HTTP endpoint uses, reading the file one line at a time. Optionally also checks the
 * checkpoint objects copied out of object storage.
 */
final class AuditVerifyCommand implements LedgerCommandLine.Command {

    static final String NAME = "audit-verify";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the file said about itself, beside the verdict. */
    record Outcome(VerificationReport report, String exportedAt, int separateCheckpoints) {
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        Path stream;
        List<PublicKey> keys = new ArrayList<>();
        List<Checkpoint> separate;
        try {
            stream = Path.of(options.required("stream"));
            List<String> keyFiles = options.all("public-key");
            if (keyFiles.isEmpty()) {
                throw new IllegalArgumentException("--public-key is required (the ledger's audit-public-key.pem)");
            }
            for (String keyFile : keyFiles) {
                keys.add(AuditKeys.fromPublicKeyPem(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8)));
            }
            separate = options.optional("checkpoints") == null ? List.of() : readCheckpoints(Path.of(options.optional("checkpoints")));
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        Outcome outcome;
        try {
            outcome = verify(stream, keys, separate);
        } catch (NotAnExport e) {
            err.println(NAME + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        } catch (IOException e) {
            err.println(NAME + ": cannot read " + stream + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        if (options.flag("json")) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.report()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            print(out, stream, keys, outcome, anchorsGiven(options));
        }
        if (!outcome.report().intact()) {
            return Options.FAILED;
        }
        return anchorsGiven(options) ? Options.OK : Options.PARTIAL;
    }

    private static boolean anchorsGiven(Options options) {
        return options.optional("checkpoints") != null;
    }

    static Outcome verify(Path stream, List<PublicKey> keys, List<Checkpoint> separate) throws IOException, NotAnExport {
        ChainVerifier.Verification verification = new ChainVerifier(keys).begin(separate);
        String exportedAt;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(stream), StandardCharsets.UTF_8))) {
            JsonNode header = parse(lines.readLine());
            if (header == null || !"header".equals(header.path("kind").asText())
                    || !AuditJson.FORMAT.equals(header.path("format").asText())) {
                throw new NotAnExport("%s does not start with a %s header line".formatted(stream, AuditJson.FORMAT));
            }
            if (!header.path("complete").asBoolean()) {
                throw new NotAnExport(("%s is a filtered or partial export (filters %s, after %s): only a complete export "
                        + "(GET /audit/stream with no parameters) can be verified").formatted(stream, header.path("filters"),
                        header.path("after")));
            }
            exportedAt = header.path("exportedAt").asText(null);
            long events = 0;
            long lastPosition = 0;
            long lineNumber = 1;
            JsonNode end = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (end != null) {
                    verification.reject(lastPosition, "line %d follows the end line".formatted(lineNumber));
                    break;
                }
                JsonNode node = parse(line);
                if (node == null) {
                    verification.reject(lastPosition + 1, "line %d is not JSON".formatted(lineNumber));
                    break;
                }
                if ("end".equals(node.path("kind").asText())) {
                    end = node;
                    continue;
                }
                AuditRecord record;
                try {
                    record = AuditJson.fromJson(JSON, node);
                } catch (AuditJson.MalformedLine e) {
                    verification.reject(node.path("position").asLong(lastPosition + 1), "line %d: %s".formatted(lineNumber, e.getMessage()));
                    break;
                }
                if (record == null) {
                    verification.reject(lastPosition + 1, "line %d is a second header".formatted(lineNumber));
                    break;
                }
                if (record instanceof AuditRecord.Event) {
                    events++;
                    lastPosition = record.position();
                }
                if (!verification.accept(record)) {
                    break;
                }
            }
            if (end == null) {
                verification.reject(lastPosition + 1, "the export has no end line: it was cut short after position " + lastPosition);
            } else if (end.path("events").asLong(-1) != events) {
                verification.reject(lastPosition, "the end line counts %s events; the export holds %d"
                        .formatted(end.path("events"), events));
            }
        }
        return new Outcome(verification.finish(), exportedAt, separate.size());
    }

    /** Checkpoint objects as copied out of object storage ({@code audit/checkpoints/*.json}). */
    static List<Checkpoint> readCheckpoints(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--checkpoints must name a directory of checkpoint .json files: " + directory);
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                try {
                    checkpoints.add(S3CheckpointAnchor.fromJson(Files.readAllBytes(file)));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " is not a checkpoint: " + e.getMessage());
                }
            }
        }
        return checkpoints;
    }

    private static void print(PrintStream out, Path stream, List<PublicKey> keys, Outcome outcome, boolean anchorsGiven) {
        VerificationReport report = outcome.report();
        out.println("export:       " + stream + (outcome.exportedAt() == null ? "" : " (exported " + outcome.exportedAt() + ")"));
        out.println("keys:         " + String.join(", ", keys.stream().map(AuditKeys::keyId).toList()));
        out.println("events:       %d read, %d sealed, %d not yet sealed%s".formatted(report.events(), report.sealedEvents(),
                report.unsealedEvents(), report.lastPosition() == null ? "" : ", last position " + report.lastPosition()));
        out.println("checkpoints:  %d verified%s%s".formatted(report.checkpoints(),
                report.signedThrough() == null ? "" : ", signed through position " + report.signedThrough(),
                outcome.separateCheckpoints() == 0 ? "" : " (" + outcome.separateCheckpoints() + " from object storage)"));
        out.println("chain head:   " + report.head());
        out.println("authenticity: %d events signed by the ledger's writer key%s".formatted(report.authenticatedEvents(),
                report.unauthenticatedEvents() == 0 ? ""
                        : ", %d earlier ones written before writer authentication".formatted(report.unauthenticatedEvents())));
        if (report.intact() && !anchorsGiven) {
            out.println("result:       PARTIAL");
            out.println("not proven:   that no events were cut from the end: the export's own checkpoints cannot show it. "
                    + "Fetch the anchored checkpoints (audit-checkpoints) and give them with --checkpoints");
        } else if (report.intact()) {
            out.println("result:       INTACT");
            if (report.signedThrough() == null && report.events() > 0) {
                out.println("note:         no signed checkpoint covers these events; the links only show the export is self-consistent");
            }
        } else {
            VerificationReport.Failure failure = report.firstFailure();
            out.println("result:       FAILED at position %d: %s".formatted(failure.position(), failure.problem()));
            out.println("detail:       " + failure.detail());
        }
    }

    private static JsonNode parse(String line) {
        if (line == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    static final class NotAnExport extends Exception {
        NotAnExport(String message) {
            super(message);
        }
    }
}
