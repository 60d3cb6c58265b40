package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/** One alert of a delivery and what the intake did with it; class, scope and incident are null where they do not apply. */
public record AlertOutcome(String alertname, String fingerprint, Instant startsAt, AlertStatus status,
                           IncidentClass incidentClass, Scope scope, IntakeResult result, IncidentId incidentId,
                           String detail) {
}
