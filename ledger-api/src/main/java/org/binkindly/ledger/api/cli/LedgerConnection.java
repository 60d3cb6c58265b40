package org.binkindly.ledger.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The options of commands that ask a running ledger over HTTP: where it is and which token to show it. */
final class LedgerConnection {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--ledger-url", paramLabel = "<url>",
            description = "The running ledger; else LEDGER_URL; default http://localhost:8080.")
    String ledgerUrl;

    @Option(names = "--token-file", paramLabel = "<file>",
            description = "A file holding the bearer token (e.g. data/admin-token).")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "<token>",
            description = "The bearer token itself; else --token-file; else LEDGER_TOKEN. Never echoed.")
    String token;

    URI uri(String pathAndQuery) {
        String base = firstOf(ledgerUrl, System.getenv("LEDGER_URL"), "http://localhost:8080");
        return URI.create(base.replaceAll("/+$", "") + pathAndQuery);
    }

    /** --token, else --token-file, else LEDGER_TOKEN; null when none is given. */
    String bearerToken() throws IOException {
        if (token != null && !token.isBlank()) {
            return token;
        }
        if (tokenFile != null) {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        }
        String fromEnvironment = System.getenv("LEDGER_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
    }

    static final String NO_TOKEN = "give a token: --token-file <file> (e.g. data/admin-token), --token <token>, or LEDGER_TOKEN";

    /** One GET; an unreachable ledger throws IOException with the address in its message. */
    HttpResponse<String> get(URI uri, String bearerToken, String accept) throws IOException, InterruptedException {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + bearerToken).header("Accept", accept)
                    .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("cannot reach the ledger at %s: %s".formatted(uri.getScheme() + "://" + uri.getAuthority(), e), e);
        }
    }

    /** A refusal's problem code and detail, for one line on stderr. */
    static String problem(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return "%s: %s".formatted(problem.path("code").asText("?"), problem.path("detail").asText(""));
        } catch (IOException notJson) {
            return body;
        }
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
