package org.binkindly.ledger.core.freshness;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.shared.Scope;

import java.util.Objects;

/** Identifies the freshness watch of one scope, e.g. {@code freshness:locality/se-stockholm}. */
public record PackFreshnessId(Scope scope) {

    private static final String PREFIX = "freshness:";

    public PackFreshnessId {
        Objects.requireNonNull(scope, "scope");
    }

    @JsonCreator
    public static PackFreshnessId parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'%s' is not a freshness watch id".formatted(value));
        }
        return new PackFreshnessId(Scope.parse(value.substring(PREFIX.length())));
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + scope;
    }
}
