package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** Incidents detected in [from, to), optionally of one class and one scope, with their review measures; at most {@code limit}. */
public record ListIncidentReviews(IncidentClass incidentClass, Scope scope, Instant from, Instant to, int limit) {
}
