package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.AlertCorrections;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert of a delivery, as the alerting system sent it (Alertmanager's webhook, or the ledger's own
 * stale-pack watch), made storable: {@code corrections} says what was changed to store it (null when
 * nothing was), and {@code unroutable}, when set, why the alert cannot be routed as sent (it is then
 * kept as unmapped with that reason).
 */
public record IncomingAlert(AlertStatus status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                            Instant endsAt, String generatorUrl, String fingerprint, AlertCorrections corrections,
                            String unroutable) {

    public IncomingAlert {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startsAt, "startsAt");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public IncomingAlert(AlertStatus status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                         Instant endsAt, String generatorUrl, String fingerprint) {
        this(status, labels, annotations, startsAt, endsAt, generatorUrl, fingerprint, null, null);
    }

    public String alertname() {
        return labels.get("alertname");
    }

    /** The start the sender reported: it identifies the firing, even when the ledger dates the alert by its receipt. */
    public Instant firingStartsAt() {
        return corrections != null && corrections.reportedStartsAt() != null ? corrections.reportedStartsAt() : startsAt;
    }
}
