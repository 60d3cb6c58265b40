package org.binkindly.ledger.core.incident;

/** The runbook's "rollback or kill-switch action if used": which one, or an explicit statement that none was used. */
public enum InterventionKind { ROLLBACK, KILL_SWITCH, NONE_USED }
