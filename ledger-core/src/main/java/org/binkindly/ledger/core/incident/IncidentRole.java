package org.binkindly.ledger.core.incident;

/** The runbook's roles on an incident; each is claimed by the authenticated person who takes it. */
public enum IncidentRole { ON_CALL_OPERATOR, INCIDENT_OWNER, RELEASE_OWNER }
