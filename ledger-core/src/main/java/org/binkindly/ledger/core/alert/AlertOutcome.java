package org.binkindly.ledger.core.alert;

import org.binkindly.ledger.core.incident.IncidentClass;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;

/**
 * One alert of a delivery and what the intake did with it; class, scope and incident are null where they do not apply.
 *
 * @param alertname the alert's alertname label
 * @param fingerprint Alertmanager's fingerprint of the alert's labels
 * @param startsAt when the alert started firing (UTC instant, ISO 8601)
 * @param status FIRING or RESOLVED, as sent
 * @param incidentClass the incident class the alert matrix routes it to; absent when unmapped
 * @param scope the scope it was routed to, written kind/id; absent when unmapped
 * @param result what the intake did: OPENED an incident, ATTACHED to the open one, DUPLICATE, RESOLUTION_RECORDED, RESOLUTION_DUPLICATE, RESOLUTION_UNMATCHED, UNMAPPED or DRILL
 * @param incidentId the incident it opened or was attached to, if any
 * @param detail more about the result, in words, e.g. why it was unmapped
 */
public record AlertOutcome(String alertname, String fingerprint, Instant startsAt, AlertStatus status,
                           IncidentClass incidentClass, Scope scope, IntakeResult result, IncidentId incidentId,
                           String detail) {
}
