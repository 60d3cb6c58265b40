package org.binkindly.ledger.api.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The identity provider of JWT mode: the issuer and audience its tokens must carry, whether it
 * could be reached the last time a token was checked, and the {@code identityProvider} health
 * component. It is logged once when it becomes unreachable and once when it is back, not per request.
 */
class IdentityProvider implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(IdentityProvider.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final String issuer;
    private final String audience;
    private final URI probe;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    /** Why it was unreachable the last time it was needed; null while it answers. */
    private final AtomicReference<String> failure = new AtomicReference<>();

    /** @param probe where its keys or discovery document are read; null when a configured public key needs no provider */
    IdentityProvider(String issuer, String audience, URI probe) {
        this.issuer = issuer;
        this.audience = audience;
        this.probe = probe;
    }

    String issuer() {
        return issuer;
    }

    String audience() {
        return audience;
    }

    void reachable() {
        if (failure.getAndSet(null) != null) {
            log.info("The identity provider {} is reachable again: JWTs are checked again", issuer);
        }
    }

    void unreachable(String reason) {
        if (failure.getAndSet(reason) == null) {
            log.warn("The identity provider {} is unreachable ({}): requests with a JWT are answered 503 "
                    + "IDENTITY_PROVIDER_UNAVAILABLE until it is back; ledger tokens still work", issuer, reason);
        }
    }

    /** Reads the provider's keys (or discovery document) now: DOWN, with the reason, when that fails. */
    @Override
    public Health health() {
        if (probe == null) {
            return Health.up().withDetail("issuer", issuer).withDetail("keys", "configured public key").build();
        }
        String reason;
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(probe).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 == 2) {
                reachable();
                return Health.up().withDetail("issuer", issuer).build();
            }
            reason = "%s answered %d".formatted(probe, answer.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted while reading " + probe;
        } catch (Exception e) {
            reason = "%s cannot be read: %s".formatted(probe, e.getClass().getSimpleName());
        }
        unreachable(reason);
        return Health.down().withDetail("issuer", issuer).withDetail("reason", reason).build();
    }
}
