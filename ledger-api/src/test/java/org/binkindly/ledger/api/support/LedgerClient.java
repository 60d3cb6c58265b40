package org.binkindly.ledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls the running ledger over real HTTP, as an operator's curl would. */
public final class LedgerClient {

    public static final String ALICE_OPERATOR = "alice-operator-token-0001";
    public static final String OLIVIA_OWNER = "olivia-owner-token-00001";
    public static final String RITA_RELEASE = "rita-release-token-00001";
    /** Two more release owners: a launch's three sign-offs are three people. */
    public static final String PIA_RELEASE = "pia-release-token-000001";
    public static final String QUINN_RELEASE = "quinn-release-token-00001";
    public static final String AUDREY_AUDITOR = "audrey-auditor-token-001";
    public static final String ROOT_ADMIN = "root-admin-token-0000001";
    public static final String ALERTMANAGER = "alertmanager-intake-token-01";
    public static final String PROMETHEUS = "prometheus-metrics-token-01";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public LedgerClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    public record Response(int status, String contentType, Map<String, java.util.List<String>> headers, String text) {

        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst().orElse(null);
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        public String code() {
            return json().path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    public Response post(String path, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    public Response post(String path, String token, Object body) {
        try {
            return post(path, token, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A POST with extra headers (Idempotency-Key, If-Match, X-Request-Id, ...). */
    public Response post(String path, String token, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request, token);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Response put(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.noBody()), token);
    }

    public Response send(HttpRequest.Builder request, String token) {
        return send(request, token, Duration.ofSeconds(30));
    }

    public Response send(HttpRequest.Builder request, String token, Duration timeout) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
