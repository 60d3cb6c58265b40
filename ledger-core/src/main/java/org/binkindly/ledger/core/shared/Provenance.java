package org.binkindly.ledger.core.shared;

import java.time.Instant;

/**
 * Who recorded a fact and when the ledger stored it: the event's actor metadata and its timestamp. Every fold
 * (incident, rebind, kill switch, launch) stamps its entries with this one shape.
 */
public record Provenance(String actor, Instant recordedAt) {
}
