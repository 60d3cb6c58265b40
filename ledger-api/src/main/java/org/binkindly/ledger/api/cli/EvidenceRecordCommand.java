package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runbook's record commands ({@code npm run ops:rollback-record -- --scope=locality --scope-id=…}
 * and its siblings), as the ledger's jar: asks a running ledger for the evidence record, pre-filled
 * from its log, and prints it (Markdown by default) or writes it to {@code --output}.
 */
final class EvidenceRecordCommand implements LedgerCommandLine.Command {

    static final Map<String, String> COMMANDS = Map.of(
            "rollback-record", "rollback-drill",
            "ai-kill-switch-record", "ai-kill-switch-activation",
            "bad-pack-rebind-record", "bad-pack-kill-switch-manifest-rebind",
            "launch-day-record", "launch-day-production-validation");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String record;

    EvidenceRecordCommand(String command) {
        this.record = COMMANDS.get(command);
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) {
        URI uri;
        String token;
        boolean markdown;
        try {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("scope", options.required("scope"));
            query.put("scope-id", options.required("scope-id"));
            if (options.optional("validation-localities") != null) {
                query.put("validation-localities", options.optional("validation-localities"));
            }
            if (record.equals("launch-day-production-validation") && options.optional("app-build") == null) {
                // the record is about one app build: without it the command line is incomplete (usage), not refused
                throw new IllegalArgumentException("--app-build is required");
            }
            for (String pick : new String[]{"app-build", "kill-switch", "rebind", "incident"}) {
                if (options.optional(pick) != null) {
                    query.put(pick, options.optional(pick));
                }
            }
            String format = options.optional("format") == null ? "markdown" : options.optional("format");
            if (!format.equals("markdown") && !format.equals("json")) {
                throw new IllegalArgumentException("--format is markdown or json");
            }
            markdown = format.equals("markdown");
            String base = firstOf(options.optional("ledger-url"), System.getenv("LEDGER_URL"), "http://localhost:8080");
            uri = URI.create(base.replaceAll("/+$", "") + "/evidence-records/" + record + "?" + query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")));
            token = token(options);
        } catch (IllegalArgumentException | IOException e) {
            err.println(record + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", markdown ? "text/markdown" : "application/json")
                    .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("%s: cannot reach the ledger at %s: %s".formatted(record, uri.getScheme() + "://" + uri.getAuthority(), e));
            return Options.USAGE_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Options.USAGE_ERROR;
        }
        if (response.statusCode() != 200) {
            err.println("%s: the ledger answered %d %s".formatted(record, response.statusCode(), problem(response.body())));
            return Options.FAILED;
        }
        String output = options.optional("output");
        if (output == null) {
            out.print(response.body());
            return Options.OK;
        }
        try {
            Files.writeString(Path.of(output), response.body(), StandardCharsets.UTF_8);
            out.println("wrote " + output);
            return Options.OK;
        } catch (IOException e) {
            err.println(record + ": cannot write " + output + ": " + e.getMessage());
            return Options.USAGE_ERROR;
        }
    }

    /** --token, else --token-file, else LEDGER_TOKEN: never echoed anywhere. */
    static String token(Options options) throws IOException {
        if (options.optional("token") != null) {
            return options.optional("token");
        }
        if (options.optional("token-file") != null) {
            return Files.readString(Path.of(options.optional("token-file")), StandardCharsets.UTF_8).strip();
        }
        String fromEnvironment = System.getenv("LEDGER_TOKEN");
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new IllegalArgumentException("give a token: --token-file <file> (e.g. data/admin-token), --token, or LEDGER_TOKEN");
        }
        return fromEnvironment.strip();
    }

    static String problem(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return "%s: %s".formatted(problem.path("code").asText("?"), problem.path("detail").asText(""));
        } catch (IOException notJson) {
            return body;
        }
    }

    static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
