package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code audit-checkpoints}: fetches the checkpoints anchored in object storage from a running
 * ledger ({@code GET /audit/checkpoints/anchored}, role AUDITOR) and saves each object, byte for
 * byte, under its own name, ready for {@code audit-verify --checkpoints}. Auditors need no
 * object-storage credentials for it.
 */
@Command(name = AuditCheckpointsCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Save the checkpoints anchored in object storage, for audit-verify.",
            "Asks a running ledger (GET /audit/checkpoints/anchored, role AUDITOR) and saves each object as stored, "
                + "for audit-verify --checkpoints."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:all saved.",
            "1:the ledger refused, or object storage could not be read in full.",
            "2:usage error, no token, the ledger unreachable, or the directory not writable."})
final class AuditCheckpointsCommand implements Callable<Integer> {

    static final String NAME = "audit-checkpoints";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT_NAME = Pattern.compile("[0-9]{19}\\.json");

    @Option(names = "--out", required = true, paramLabel = "<directory>", description = "Where to save the objects.")
    Path directory;

    @Mixin
    LedgerConnection ledger;

    private final PrintStream out;
    private final PrintStream err;

    AuditCheckpointsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        URI uri = ledger.uri("/audit/checkpoints/anchored");
        HttpResponse<String> response;
        try {
            String token = ledger.bearerToken();
            if (token == null) {
                err.println(NAME + ": " + LedgerConnection.NO_TOKEN);
                return ExitCodes.USAGE_ERROR;
            }
            response = ledger.get(uri, token, "application/json");
        } catch (IOException e) {
            err.println(NAME + ": " + AuditVerifyCommand.describe(e));
            return ExitCodes.USAGE_ERROR;
        }
        if (response.statusCode() != 200) {
            err.println("%s: the ledger answered %d %s".formatted(NAME, response.statusCode(),
                    LedgerConnection.problem(response.body())));
            return ExitCodes.FAILED;
        }
        try {
            JsonNode listing = JSON.readTree(response.body());
            Files.createDirectories(directory);
            int written = 0;
            for (JsonNode checkpoint : listing.path("checkpoints")) {
                String name = checkpoint.path("name").asText();
                if (!OBJECT_NAME.matcher(name).matches()) {
                    err.println("%s: skipped an object named '%s': not a checkpoint object name".formatted(NAME, name));
                    continue;
                }
                Files.writeString(directory.resolve(name), checkpoint.path("body").asText(), StandardCharsets.UTF_8);
                written++;
            }
            out.println("wrote %d checkpoints from %s to %s".formatted(written, listing.path("location").asText(), directory));
            if (!listing.path("complete").asBoolean()) {
                err.println("%s: object storage could not be read in full: %s".formatted(NAME, listing.path("problem").asText()));
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println(NAME + ": cannot write to " + directory + ": " + e.getMessage());
            return ExitCodes.USAGE_ERROR;
        }
    }
}
