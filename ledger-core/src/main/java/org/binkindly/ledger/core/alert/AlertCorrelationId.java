package org.binkindly.ledger.core.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;

import java.util.Objects;

/** Identifies the one alert correlation of an incident class and a scope, e.g. {@code alerts:PUBLISH_FAILURE:locality/se-stockholm}. */
public record AlertCorrelationId(IncidentClass incidentClass, Scope scope) {

    private static final String PREFIX = "alerts:";

    public AlertCorrelationId {
        Objects.requireNonNull(incidentClass, "incidentClass");
        Objects.requireNonNull(scope, "scope");
    }

    @JsonCreator
    public static AlertCorrelationId parse(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.indexOf(':', PREFIX.length()) < 0) {
            throw new IllegalArgumentException("'%s' is not an alert correlation id".formatted(value));
        }
        int colon = value.indexOf(':', PREFIX.length());
        return new AlertCorrelationId(IncidentClass.valueOf(value.substring(PREFIX.length(), colon)),
                Scope.parse(value.substring(colon + 1)));
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + incidentClass.name() + ":" + scope;
    }
}
