package org.binkindly.ledger.core.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Who recorded a fact and when the ledger stored it: the event's actor metadata and its timestamp. Every fold
 * (incident, rebind, kill switch, launch) stamps its entries with this one shape.
 *
 * @param actor who recorded it: the API token's name, the JWT subject in OIDC/JWT mode, or a name starting ledger: (e.g. ledger:rebind-process) for what the ledger did on its own
 * @param recordedAt when the ledger stored it (UTC instant, ISO 8601)
 */
public record Provenance(String actor, Instant recordedAt) {

    /**
     * The time to the millisecond, as the log holds it (Axon writes an event's timestamp with three fraction
     * digits). An event an aggregate applies live carries the clock's nanoseconds: without this, a command's
     * answer, folded by the aggregate, showed an entry recorded at {@code …53.787410678Z} that the log, the
     * views and the same aggregate loaded again show at {@code …53.787Z}.
     */
    public Provenance {
        recordedAt = recordedAt == null ? null : recordedAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
