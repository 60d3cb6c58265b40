package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.IncidentId;

/** The incident a firing belongs to. */
public record Correlation(IncidentId incidentId) {
}
