package org.binkindly.ledger.core.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One alert of a delivery, as the alerting system sent it (Alertmanager's webhook, or the ledger's own stale-pack watch). */
public record IncomingAlert(AlertStatus status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                            Instant endsAt, String generatorUrl, String fingerprint) {

    public IncomingAlert {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startsAt, "startsAt");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public String alertname() {
        return labels.get("alertname");
    }
}
