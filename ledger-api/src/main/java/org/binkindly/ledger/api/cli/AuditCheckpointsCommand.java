package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code audit-checkpoints}: fetches the checkpoints anchored in object storage from a running
 * ledger ({@code GET /audit/checkpoints/anchored}, role AUDITOR) and saves each object, byte for
 * byte, under its own name, ready for {@code audit-verify --checkpoints}. Auditors need no
 * object-storage credentials for it.
 */
final class AuditCheckpointsCommand implements LedgerCommandLine.Command {

    static final String NAME = "audit-checkpoints";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT_NAME = Pattern.compile("[0-9]{19}\\.json");

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        URI uri;
        String token;
        Path directory;
        try {
            directory = Path.of(options.required("out"));
            String base = EvidenceRecordCommand.firstOf(options.optional("ledger-url"), System.getenv("LEDGER_URL"),
                    "http://localhost:8080");
            uri = URI.create(base.replaceAll("/+$", "") + "/audit/checkpoints/anchored");
            token = EvidenceRecordCommand.token(options);
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("%s: cannot reach the ledger at %s: %s".formatted(NAME, uri.getScheme() + "://" + uri.getAuthority(), e));
            return Options.USAGE_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Options.USAGE_ERROR;
        }
        if (response.statusCode() != 200) {
            err.println("%s: the ledger answered %d %s".formatted(NAME, response.statusCode(),
                    EvidenceRecordCommand.problem(response.body())));
            return Options.FAILED;
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
                return Options.FAILED;
            }
            return Options.OK;
        } catch (IOException e) {
            err.println(NAME + ": cannot write to " + directory + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
    }
}
