package org.binkindly.ledger.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One notification from the alerting system: Alertmanager's webhook payload (version 4) reduced
 * to what the ledger reads. Its id is a digest of that content, so the same delivery sent again
 * (a retry after a 5xx, or the group re-sent every repeat interval with nothing changed) is
 * recognised as the same delivery.
 */
public record IncomingDelivery(String receiver, String status, String groupKey, String externalUrl, int truncatedAlerts,
                               List<IncomingAlert> alerts) {

    public IncomingDelivery {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public AlertDeliveryId deliveryId() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        field(digest, receiver);
        field(digest, status);
        field(digest, groupKey);
        field(digest, externalUrl);
        field(digest, Integer.toString(truncatedAlerts));
        for (IncomingAlert alert : alerts) {
            field(digest, alert.status().name());
            field(digest, alert.fingerprint());
            // the reported start, not the receipt time a start in the future was replaced by: a repeat is the same delivery
            field(digest, alert.firingStartsAt().toString());
            field(digest, alert.endsAt() == null ? null : alert.endsAt().toString());
            field(digest, alert.generatorUrl());
            map(digest, alert.labels());
            map(digest, alert.annotations());
            // Corrected text is told apart by the digest of what was really sent; only added when present,
            // so a delivery that needed no correction keeps the id it always had.
            if (alert.corrections() != null && alert.corrections().originalSha256() != null) {
                field(digest, alert.corrections().originalSha256());
            }
        }
        return AlertDeliveryId.of("dlv-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32));
    }

    private static void map(MessageDigest digest, Map<String, String> values) {
        field(digest, Integer.toString(values.size()));
        values.forEach((key, value) -> {
            field(digest, key);
            field(digest, value);
        });
    }

    // Length-prefixed, so no two different deliveries can be spelled the same way.
    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
