package org.binkindly.ledger.core.incident;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert as the alerting system reported it: its name, Alertmanager's fingerprint (a hash of its
 * labels), when it started firing, and its labels and annotations. A firing is identified by
 * fingerprint and start, so the same firing re-sent is recognised, and a new firing of the same
 * alert is not mistaken for it. {@code startsAt} is the start the ledger dates the alert by; when the
 * intake had to correct the alert (unstorable text, a start in the future), {@code corrections} says
 * how, and the firing stays identified by the start the sender reported.
 *
 * @param alertname the alert's alertname label
 * @param fingerprint Alertmanager's fingerprint: a hash of the alert's labels
 * @param startsAt when the alert started firing (UTC instant, ISO 8601): the start the ledger dates it by
 * @param labels the alert's labels
 * @param annotations the alert's annotations, e.g. summary and description
 * @param generatorUrl the link back to the rule that fired, e.g. in Prometheus
 * @param receiver the Alertmanager receiver that delivered it
 * @param corrections what the intake changed in the alert so it could be stored; absent when stored as sent
 */
public record ReceivedAlert(String alertname, String fingerprint, Instant startsAt, Map<String, String> labels,
                            Map<String, String> annotations, String generatorUrl, String receiver,
                            AlertCorrections corrections) {

    public ReceivedAlert(String alertname, String fingerprint, Instant startsAt, Map<String, String> labels,
                         Map<String, String> annotations, String generatorUrl, String receiver) {
        this(alertname, fingerprint, startsAt, labels, annotations, generatorUrl, receiver, null);
    }

    public ReceivedAlert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(startsAt, "startsAt");
        // Sorted, so the stored JSON (and anything hashed from it) does not depend on arrival order.
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /** The start the sender reported, which identifies the firing even when the ledger dates it otherwise. */
    public Instant firingStartsAt() {
        return corrections != null && corrections.reportedStartsAt() != null ? corrections.reportedStartsAt() : startsAt;
    }

    /** The firing this alert belongs to: the same fingerprint and reported start is the same firing. */
    public String firingKey() {
        return fingerprint + "@" + firingStartsAt();
    }
}
