package org.binkindly.ledger.core.shared;

import java.time.Instant;

/**
 * Who recorded a fact and when the ledger stored it: the event's actor metadata and its timestamp. Every fold
 * (incident, rebind, kill switch, launch) stamps its entries with this one shape.
 *
 * @param actor who recorded it: the API token's name, the JWT subject in OIDC/JWT mode, or a name starting ledger: (e.g. ledger:rebind-process) for what the ledger did on its own
 * @param recordedAt when the ledger stored it (UTC instant, ISO 8601)
 */
public record Provenance(String actor, Instant recordedAt) {
}
