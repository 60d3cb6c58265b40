package org.binkindly.ledger.core.freshness.policy;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.binkindly.ledger.core.alert.AlertIntake;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.binkindly.ledger.core.freshness.PackFreshAgain;
import org.binkindly.ledger.core.freshness.PackFreshnessWatch;
import org.binkindly.ledger.core.freshness.PackWentStale;
import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.Scope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Raises the {@code StalePack} alert of a breach into the same intake path Alertmanager's alerts
 * take, and reports its resolution when a fresh publish ends the breach. The firing is identified
 * by the scope and the moment it went stale, so redelivery (at-least-once) is a duplicate at the
 * intake. Never replayed.
 */
@ProcessingGroup(StalePackAlerts.PROCESSING_GROUP)
public class StalePackAlerts {

    public static final String PROCESSING_GROUP = "stale-pack-alerts";
    public static final String ALERTNAME = "StalePack";
    public static final String RECEIVER = IncidentState.STALE_PACK_WATCH;

    private final AlertIntake intake;

    public StalePackAlerts(AlertIntake intake) {
        this.intake = intake;
    }

    @EventHandler
    @DisallowReplay
    void on(PackWentStale event) {
        Scope scope = event.freshnessId().scope();
        String summary = "active manifest %s of %s, published %s, is older than its %s freshness threshold"
                .formatted(event.manifestId(), scope, event.publishedAt(), Duration.ofSeconds(event.thresholdSeconds()));
        send(scope, AlertStatus.FIRING, event.staleSince(), null, summary);
    }

    @EventHandler
    @DisallowReplay
    void on(PackFreshAgain event) {
        Scope scope = event.freshnessId().scope();
        String summary = "fresh publish %s of %s (published %s) is back within threshold"
                .formatted(event.manifestId(), scope, event.publishedAt());
        send(scope, AlertStatus.RESOLVED, event.staleSince(), event.checkedAt(), summary);
    }

    private void send(Scope scope, AlertStatus status, Instant staleSince, Instant endsAt, String summary) {
        IncomingAlert alert = new IncomingAlert(status,
                Map.of("alertname", ALERTNAME, "scope", scope.toString(), "source", "ledger"),
                Map.of("summary", summary), staleSince, endsAt, null, fingerprint(scope));
        intake.receive(new IncomingDelivery(RECEIVER, status.name().toLowerCase(), "stale-pack:" + scope, null, 0,
                List.of(alert)), PackFreshnessWatch.ACTOR);
    }

    static String fingerprint(Scope scope) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ALERTNAME + "|" + scope).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
