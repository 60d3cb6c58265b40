package org.binkindly.ledger.core.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** Identifies one delivery from the alerting system by its content, e.g. {@code dlv-3f9a…} (32 hex digits). */
public record AlertDeliveryId(String value) {

    private static final Pattern FORMAT = Pattern.compile("dlv-[0-9a-f]{32}");

    public AlertDeliveryId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("'%s' is not an alert delivery id".formatted(value));
        }
    }

    @JsonCreator
    public static AlertDeliveryId of(String value) {
        return new AlertDeliveryId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
