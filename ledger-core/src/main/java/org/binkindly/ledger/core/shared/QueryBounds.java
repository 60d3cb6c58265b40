package org.binkindly.ledger.core.shared;

import java.time.Instant;

/**
 * Time bounds a caller gives a query ({@code at}, {@code from}, {@code to}), brought into the range a database
 * timestamp holds. Java's {@link Instant} reaches a billion years either way, PostgreSQL's {@code timestamptz}
 * does not, and a bound beyond it failed the query ("timestamp out of range", answered 500). Every event and
 * view row lies between years 1 and 9999, so a bound moved to that edge selects exactly the same rows.
 */
public final class QueryBounds {

    /** The earliest bound passed on. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest bound passed on. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private QueryBounds() {
    }

    /** {@code bound} moved into years 1 to 9999; {@code null} stays {@code null} (no bound). */
    public static Instant storable(Instant bound) {
        if (bound == null) {
            return null;
        }
        if (bound.isBefore(EARLIEST)) {
            return EARLIEST;
        }
        return bound.isAfter(LATEST) ? LATEST : bound;
    }
}
