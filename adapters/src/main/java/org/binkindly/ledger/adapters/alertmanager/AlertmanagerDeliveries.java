package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.binkindly.ledger.core.alert.AlertStatus;
import org.binkindly.ledger.core.alert.IncomingAlert;
import org.binkindly.ledger.core.alert.IncomingDelivery;
import org.binkindly.ledger.core.incident.AlertCorrections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Alertmanager's webhook payload into the ledger's delivery. Only a body that is not JSON or not
 * an Alertmanager payload is refused ({@link MalformedDelivery}); an alert is never refused for its
 * content: text PostgreSQL or a JSON writer cannot hold is made storable and visibly marked (a control
 * character becomes its Unicode control picture, ␛ for ESC, ␀ for NUL; half a surrogate pair becomes
 * U+FFFD) with the SHA-256 of the alert's bytes as sent kept; a start beyond the allowed clock skew is
 * dated at receipt with the reported start kept; an alert that cannot be routed as sent (no readable
 * status or start, too many labels) is marked unroutable, with the reason, and is kept as unmapped.
 */
public final class AlertmanagerDeliveries {

    /** Alertmanager writes Go's zero time as the end of a firing alert. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    static final int MAX_ALERTS = 1000;
    static final int MAX_LABELS = 64;
    /** How far ahead of the ledger's clock a sender's clock may run before its start is replaced by the receipt time. */
    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    // Generous on purpose: a raw control character in a string is kept (and then marked), not a reason to lose a group.
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AlertmanagerDeliveries() {
    }

    /** Reads a webhook body as it arrived; {@code receivedAt} dates alerts whose start is beyond the allowed skew. */
    public static IncomingDelivery read(byte[] body, Instant receivedAt) {
        AlertmanagerPayload payload;
        List<byte[]> alertBytes;
        try {
            alertBytes = alertSlices(body); // reads every token: what fails here is not JSON at all
        } catch (IOException notJson) {
            throw new MalformedDelivery("the body is not well-formed JSON: " + firstLine(notJson instanceof
                    com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : notJson.getMessage()), true);
        }
        try {
            payload = LENIENT.readValue(body, AlertmanagerPayload.class);
        } catch (IOException unreadable) {
            throw new MalformedDelivery("the body is not an Alertmanager webhook payload: "
                    + firstLine(unreadable instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : unreadable.getMessage()));
        }
        return toDelivery(payload, receivedAt, alertBytes);
    }

    /** A payload already read (no original bytes: a corrected alert's digest is taken from the text as read). */
    public static IncomingDelivery toDelivery(AlertmanagerPayload payload) {
        return toDelivery(payload, Instant.now(), null);
    }

    private static IncomingDelivery toDelivery(AlertmanagerPayload payload, Instant receivedAt, List<byte[]> alertBytes) {
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
            byte[] original = alertBytes != null && i < alertBytes.size() ? alertBytes.get(i) : null;
            alerts.add(alert(payload.alerts().get(i), "alerts[" + i + "]", receivedAt, original));
        }
        return new IncomingDelivery(storable(payload.receiver()), storable(payload.status()), storable(payload.groupKey()),
                storable(payload.externalUrl()), truncated, alerts);
    }

    private static IncomingAlert alert(AlertmanagerPayload.Alert alert, String where, Instant receivedAt, byte[] original) {
        if (alert == null) {
            throw new MalformedDelivery(where + " is null: not an alert");
        }
        Notes notes = new Notes();
        List<String> unroutable = new ArrayList<>();
        AlertStatus status = switch (alert.status() == null ? "" : alert.status().toLowerCase(Locale.ROOT)) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> {
                unroutable.add("status '%s' is neither firing nor resolved".formatted(storable(alert.status())));
                yield AlertStatus.FIRING;
            }
        };
        Map<String, String> labels = storable(alert.labels(), "labels", notes, unroutable);
        Map<String, String> annotations = storable(alert.annotations(), "annotations", notes, null);
        Instant reported = time(alert.startsAt(), "startsAt", notes);
        Instant startsAt = reported;
        Instant reportedStartsAt = null;
        if (reported == null) {
            unroutable.add("startsAt is missing or unreadable, so the firing cannot be identified");
            startsAt = Instant.EPOCH; // the same on every re-send, so the unmapped alert is still recognised
        } else if (reported.isAfter(receivedAt.plus(ALLOWED_CLOCK_SKEW))) {
            startsAt = receivedAt;
            reportedStartsAt = reported;
            notes.add("startsAt %s is beyond the allowed clock skew (%s) of the receipt time; dated at receipt"
                    .formatted(reported, ALLOWED_CLOCK_SKEW));
        }
        Instant endsAt = time(alert.endsAt(), "endsAt", notes);
        if (status == AlertStatus.FIRING) {
            endsAt = null; // a firing alert's endsAt is only Alertmanager's guess of when it would expire
        }
        String fingerprint = alert.fingerprint() == null ? "" : storable(alert.fingerprint().strip());
        if (fingerprint.isEmpty() || fingerprint.length() > 64 || !fingerprint.equals(alert.fingerprint().strip())
                || fingerprint.contains("@")) { // '@' separates fingerprint and start in a firing's key
            if (!fingerprint.isEmpty()) {
                notes.add("fingerprint '%s' is not usable (at most 64 plain characters); one was made from the labels"
                        .formatted(fingerprint.length() > 80 ? fingerprint.substring(0, 80) + "…" : fingerprint));
            }
            fingerprint = fingerprintOf(labels);
        }
        String generatorUrl = storable(alert.generatorUrl());
        if (generatorUrl != null && !generatorUrl.equals(alert.generatorUrl())) {
            notes.marked("generatorURL");
        }
        // whatever was changed, the digest of the alert as sent tells what it really was
        AlertCorrections corrections = notes.lines.isEmpty() ? null
                : new AlertCorrections(sha256(original != null ? original : asRead(alert)), reportedStartsAt, notes.lines);
        return new IncomingAlert(status, labels, annotations, startsAt, endsAt, generatorUrl, fingerprint, corrections,
                unroutable.isEmpty() ? null : String.join("; ", unroutable));
    }

    /**
     * Keys and values made storable; more than {@link #MAX_LABELS} entries keeps the first (by name), and
     * for labels, which route the alert, also makes it unroutable.
     */
    private static Map<String, String> storable(Map<String, String> values, String what, Notes notes,
                                                List<String> unroutable) {
        if (values == null) {
            return Map.of();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        boolean marked = false;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getKey() == null) {
                continue;
            }
            String key = storable(entry.getKey());
            String value = entry.getValue() == null ? "" : storable(entry.getValue());
            marked |= !key.equals(entry.getKey()) || !value.equals(entry.getValue());
            copy.put(key, value);
        }
        if (marked) {
            notes.marked(what);
        }
        if (copy.size() > MAX_LABELS) {
            String problem = "%s has %d entries; the first %d by name are kept".formatted(what, copy.size(), MAX_LABELS);
            notes.add(problem);
            if (unroutable != null) {
                unroutable.add(problem);
            }
            TreeMap<String, String> bounded = new TreeMap<>();
            copy.entrySet().stream().limit(MAX_LABELS).forEach(entry -> bounded.put(entry.getKey(), entry.getValue()));
            return bounded;
        }
        return copy;
    }

    /**
     * Text PostgreSQL and JSON writers can hold, with what they cannot visibly marked: a control
     * character (other than tab and line breaks) becomes its control picture (U+2400 + code, ␡ for DEL),
     * half of a surrogate pair becomes the replacement character.
     */
    static String storable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char replacement = 0;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                replacement = (char) (0x2400 + c);
            } else if (c == 0x7F) {
                replacement = '\u2421';
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = '\uFFFD';
            } else if (Character.isLowSurrogate(c)) {
                replacement = '\uFFFD';
            }
            if (replacement != 0 && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != 0 ? replacement : c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static Instant time(String text, String what, Notes notes) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant instant = java.time.OffsetDateTime.parse(text.strip()).toInstant();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            String shown = storable(text);
            notes.add("%s '%s' is not an RFC 3339 time; ignored".formatted(what,
                    shown.length() > 80 ? shown.substring(0, 80) + "…" : shown));
            return null;
        }
    }

    /** One line per correction made to an alert. */
    private static final class Notes {
        final List<String> lines = new ArrayList<>();

        void add(String line) {
            lines.add(line);
        }

        void marked(String what) {
            lines.add(what + " had characters that cannot be stored; marked (control pictures, U+FFFD)");
        }
    }

    /** The raw bytes of each element of the top-level {@code alerts} array, as sent. */
    private static List<byte[]> alertSlices(byte[] body) throws IOException {
        List<byte[]> slices = new ArrayList<>();
        try (JsonParser parser = LENIENT.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "the body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return slices;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("alerts".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getByteOffset();
                        slices.add(Arrays.copyOfRange(body, start, end));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return slices;
    }

    /** Without the original bytes, the alert as read, with half surrogate pairs kept as UTF-16 code units. */
    private static byte[] asRead(AlertmanagerPayload.Alert alert) {
        return String.valueOf(alert).getBytes(StandardCharsets.UTF_16BE);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return storable(line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    /** Alertmanager always sends a fingerprint; for a sender that does not, one is made from the labels alone. */
    static String fingerprintOf(Map<String, String> labels) {
        MessageDigest digest = digest();
        new TreeMap<>(labels).forEach((key, value) -> {
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0xff);
            digest.update(value.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0xff);
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }
}
