package org.binkindly.ledger.core.incident;

/** Why an incident's severity changed: its facts, an operator's escalation, or the owner's reasoned downgrade. */
public enum SeverityBasis { DERIVED, ESCALATED, DOWNGRADED }
