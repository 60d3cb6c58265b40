package org.binkindly.ledger.adapters.alertmanager;

import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.alert.IncomingDelivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns Alertmanager's webhook payload into the ledger's delivery, refusing only what cannot be read at all. */
public final class AlertmanagerDeliveries {

    /** Alertmanager writes Go's zero time as the end of a firing alert. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    static final int MAX_ALERTS = 1000;
    static final int MAX_LABELS = 64;

    private AlertmanagerDeliveries() {
    }

    public static IncomingDelivery toDelivery(AlertmanagerPayload payload) {
        if (payload == null) {
            throw new MalformedDelivery("the body is not an Alertmanager webhook payload");
        }
        if (payload.version() != null && !payload.version().equals("4")) {
            throw new MalformedDelivery("payload version '%s' is not supported; Alertmanager's webhook sends version 4"
                    .formatted(payload.version()));
        }
        if (payload.alerts() == null) {
            throw new MalformedDelivery("'alerts' is missing");
        }
        if (payload.alerts().size() > MAX_ALERTS) {
            throw new MalformedDelivery("%d alerts in one delivery; at most %d (set max_alerts in the webhook config)"
                    .formatted(payload.alerts().size(), MAX_ALERTS));
        }
        int truncated = payload.truncatedAlerts() == null ? 0 : payload.truncatedAlerts();
        if (truncated < 0) {
            throw new MalformedDelivery("'truncatedAlerts' cannot be negative");
        }
        List<IncomingAlert> alerts = new ArrayList<>();
        for (int i = 0; i < payload.alerts().size(); i++) {
            alerts.add(alert(payload.alerts().get(i), "alerts[" + i + "]"));
        }
        return new IncomingDelivery(payload.receiver(), payload.status(), payload.groupKey(), payload.externalUrl(),
                truncated, alerts);
    }

    private static IncomingAlert alert(AlertmanagerPayload.Alert alert, String where) {
        if (alert == null) {
            throw new MalformedDelivery(where + " is null");
        }
        AlertStatus status = switch (alert.status() == null ? "" : alert.status().toLowerCase(Locale.ROOT)) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw new MalformedDelivery("%s.status '%s' is neither firing nor resolved".formatted(where, alert.status()));
        };
        Map<String, String> labels = bounded(alert.labels(), where + ".labels");
        Map<String, String> annotations = bounded(alert.annotations(), where + ".annotations");
        Instant startsAt = time(alert.startsAt(), where + ".startsAt");
        if (startsAt == null) {
            throw new MalformedDelivery(where + ".startsAt is missing");
        }
        Instant endsAt = time(alert.endsAt(), where + ".endsAt");
        if (status == AlertStatus.FIRING) {
            endsAt = null; // a firing alert's endsAt is only Alertmanager's guess of when it would expire
        }
        String fingerprint = alert.fingerprint() == null || alert.fingerprint().isBlank()
                ? fingerprintOf(labels) : alert.fingerprint().strip();
        if (fingerprint.length() > 64) {
            throw new MalformedDelivery(where + ".fingerprint is longer than 64 characters");
        }
        return new IncomingAlert(status, labels, annotations, startsAt, endsAt, alert.generatorUrl(), fingerprint);
    }

    private static Map<String, String> bounded(Map<String, String> values, String where) {
        if (values == null) {
            return Map.of();
        }
        if (values.size() > MAX_LABELS) {
            throw new MalformedDelivery("%s has %d entries; at most %d".formatted(where, values.size(), MAX_LABELS));
        }
        Map<String, String> copy = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new MalformedDelivery(where + " has a null name or value");
            }
            copy.put(key, value);
        });
        return copy;
    }

    private static Instant time(String text, String where) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant instant = java.time.OffsetDateTime.parse(text).toInstant();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            throw new MalformedDelivery("%s '%s' is not an RFC 3339 time".formatted(where, text));
        }
    }

    /** Alertmanager always sends a fingerprint; for a sender that does not, one is made from the labels alone. */
    static String fingerprintOf(Map<String, String> labels) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(labels).forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0xff);
                digest.update(value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0xff);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
