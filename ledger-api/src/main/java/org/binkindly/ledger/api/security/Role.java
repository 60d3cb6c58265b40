package org.binkindly.ledger.api.security;

/**
 * Who may do what. The first four are the runbook's people; ALERT_INTAKE is Alertmanager;
 * ADMIN holds every role; METRICS is Prometheus, scraping /actuator/prometheus and nothing else.
 */
public enum Role {
    OPERATOR, INCIDENT_OWNER, RELEASE_OWNER, AUDITOR, ALERT_INTAKE, ADMIN, METRICS;

    public String authority() {
        return "ROLE_" + name();
    }
}
