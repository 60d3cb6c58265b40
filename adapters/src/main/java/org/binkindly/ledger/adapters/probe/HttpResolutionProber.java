package org.binkindly.ledger.adapters.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.rebind.ResolutionProbe;
import org.binkindly.ledger.core.rebind.ResolutionProber;
import org.binkindly.ledger.core.rebind.StoredManifest;
import org.binkindly.ledger.core.shared.Scope;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes the resolver and the rules API over real HTTP. A probe passes on a 2xx answer that, if
 * it is JSON naming a {@code manifestId}, names the manifest just rebound; anything else (another
 * status, another manifest, a timeout, a refused connection) is a failed probe with its detail.
 */
public class HttpResolutionProber implements ResolutionProber {

    private static final int MAX_DETAIL = 300;

    private final ProbeSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public HttpResolutionProber(ProbeSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public List<ResolutionProbe> probe(Scope scope, StoredManifest expected) {
        List<ResolutionProbe> probes = new ArrayList<>();
        if (present(settings.resolverUrlTemplate())) {
            probes.add(probeOne(ResolutionProbe.Target.RESOLVER, url(settings.resolverUrlTemplate(), scope), expected));
        }
        if (present(settings.rulesUrlTemplate())) {
            probes.add(probeOne(ResolutionProbe.Target.RULES_API, url(settings.rulesUrlTemplate(), scope), expected));
        }
        return probes;
    }

    private ResolutionProbe probeOne(ResolutionProbe.Target target, String url, StoredManifest expected) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            long latency = (System.nanoTime() - started) / 1_000_000;
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                return new ResolutionProbe(target, url, status, latency, false, "answered " + status + ": " + clip(response.body()));
            }
            String served = servedManifestId(response.body());
            if (served != null && expected != null && !served.equals(expected.manifestId())) {
                return new ResolutionProbe(target, url, status, latency, false,
                        "serves manifest %s, expected %s".formatted(served, expected.manifestId()));
            }
            return new ResolutionProbe(target, url, status, latency, true,
                    served == null ? "answered " + status : "serves manifest " + served);
        } catch (IOException | IllegalArgumentException e) {
            return new ResolutionProbe(target, url, 0, (System.nanoTime() - started) / 1_000_000, false,
                    "unreachable: " + clip(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ResolutionProbe(target, url, 0, (System.nanoTime() - started) / 1_000_000, false, "interrupted");
        }
    }

    private String servedManifestId(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.hasNonNull("manifestId") ? node.get("manifestId").asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String url(String template, Scope scope) {
        return template.replace("{kind}", scope.kind().pathSegment()).replace("{id}", scope.id());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String clip(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
