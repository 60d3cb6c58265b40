package org.binkindly.ledger.projections.incident;

import org.binkindly.ledger.core.incident.IncidentState;
import org.binkindly.ledger.core.shared.Scope;

/** Incidents, newest first, optionally only those with a status or for a scope; {@code limit} bounds the answer. */
public record ListIncidents(IncidentState.Status status, Scope scope, int limit) {
}
