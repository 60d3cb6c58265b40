package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.ExportVerification;
import org.binkindly.ledger.core.audit.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code backup}: a logical backup of a running ledger, taken over HTTP with an auditor's token,
 * so it is the same for the embedded database and an external one and needs no PostgreSQL tools:
 * the complete audit export (every event as stored with its writer signature, the seal links and
 * the signed checkpoints), the checkpoints anchored in object storage, and the public key. Views
 * are not in it: a restore rebuilds them from the events. The backup is verified before the
 * command reports success.
 */
@Command(name = BackupCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Back up a running ledger into a new directory, verified before it reports success.",
            "Takes the anchored checkpoints, the complete audit export and the public key over HTTP (role AUDITOR), "
                + "the same for the embedded and an external database; views are not in it, a restore rebuilds them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:backup written and its chain INTACT.",
            "1:the ledger refused, or the chain it exported does not verify.",
            "2:usage error, no token, the ledger unreachable, or the directory not new and empty."})
final class BackupCommand implements Callable<Integer> {

    static final String NAME = "backup";
    static final String FORMAT = "binkindly-ledger/backup/1";
    static final String EVENTS_FILE = "events.ndjson";
    static final String CHECKPOINTS_DIRECTORY = "checkpoints";
    static final String PUBLIC_KEY_FILE = "audit-public-key.pem";
    static final String MANIFEST_FILE = "backup.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--to", required = true, paramLabel = "<directory>", description = "A new (or empty) directory for the backup.")
    Path directory;

    @Mixin
    LedgerConnection ledger;

    private final PrintStream out;
    private final PrintStream err;

    BackupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String base;
        String token;
        try {
            base = ledger.uri("").toString();
            token = ledger.bearerToken();
            if (token == null) {
                throw new IllegalArgumentException(LedgerConnection.NO_TOKEN);
            }
            if (Files.exists(directory) && !isEmptyDirectory(directory)) {
                throw new IllegalArgumentException(directory + " is not an empty directory: a backup goes into a new one");
            }
            Files.createDirectories(directory);
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USAGE_ERROR;
        }
        // Anchored checkpoints first: each was committed before it was anchored, so the export taken
        // next covers all of them, and any checkpoint beyond the export would mean events cut off.
        AuditCheckpointsCommand checkpoints = new AuditCheckpointsCommand(out, err);
        checkpoints.directory = directory.resolve(CHECKPOINTS_DIRECTORY);
        checkpoints.ledger = ledger;
        int saved;
        try {
            saved = checkpoints.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.USAGE_ERROR;
        }
        if (saved != ExitCodes.OK) {
            err.println(NAME + ": the anchored checkpoints could not be saved; no backup was taken");
            return saved;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Path events = directory.resolve(EVENTS_FILE);
        Path publicKeyFile = directory.resolve(PUBLIC_KEY_FILE);
        try {
            HttpResponse<Path> key = http.send(get(base + "/audit/public-key", token, "application/x-pem-file"),
                    HttpResponse.BodyHandlers.ofFile(publicKeyFile));
            HttpResponse<Path> stream = key.statusCode() != 200 ? key
                    : http.send(get(base + "/audit/stream", token, "application/x-ndjson"), HttpResponse.BodyHandlers.ofFile(events));
            if (stream.statusCode() != 200) {
                err.println("%s: the ledger answered %d %s to %s".formatted(NAME, stream.statusCode(),
                        LedgerConnection.problem(Files.readString(stream.body(), StandardCharsets.UTF_8)), stream.uri().getPath()));
                return ExitCodes.FAILED;
            }
        } catch (IOException e) {
            err.println("%s: cannot read the ledger at %s: %s".formatted(NAME, base, e));
            return ExitCodes.USAGE_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.USAGE_ERROR;
        }
        try {
            PublicKey publicKey = AuditKeys.fromPublicKeyPem(Files.readString(publicKeyFile, StandardCharsets.UTF_8));
            ExportVerification.Outcome outcome = ExportVerification.verify(events, List.of(publicKey),
                    ExportVerification.readCheckpoints(directory.resolve(CHECKPOINTS_DIRECTORY)));
            VerificationReport report = outcome.report();
            if (!report.intact()) {
                ExportVerification.print(err, events, List.of(publicKey), outcome, true);
                err.println(NAME + ": the ledger's chain does not verify; this backup in " + directory + " cannot be restored");
                return ExitCodes.FAILED;
            }
            ObjectNode manifest = JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("exportedAt", outcome.exportedAt())
                    .put("ledgerUrl", base)
                    .put("events", report.events())
                    .put("sealed", report.sealedEvents())
                    .put("checkpoints", report.checkpoints())
                    .put("anchoredCheckpoints", outcome.separateCheckpoints())
                    .put("chainHead", report.head())
                    .put("keyId", AuditKeys.keyId(publicKey));
            manifest.put("lastPosition", report.lastPosition());
            Files.writeString(directory.resolve(MANIFEST_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest)
                    + "\n", StandardCharsets.UTF_8);
            out.println("backup of %d events through position %s written to %s: chain INTACT, %d checkpoints (%d anchored)"
                    .formatted(report.events(), report.lastPosition(), directory, report.checkpoints(), outcome.separateCheckpoints()));
            return ExitCodes.OK;
        } catch (IOException | IllegalArgumentException | ExportVerification.NotAnExport e) {
            err.println(NAME + ": the backup in " + directory + " cannot be read back: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private static HttpRequest get(String uri, String token, String accept) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token).header("Accept", accept)
                .timeout(Duration.ofMinutes(30)).GET().build();
    }

    static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
