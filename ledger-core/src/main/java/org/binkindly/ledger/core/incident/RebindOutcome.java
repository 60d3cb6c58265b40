package org.binkindly.ledger.core.incident;

/** How a rebind linked to an incident ended, as far as the incident is concerned. */
public enum RebindOutcome { VERIFIED, FAILED, OBJECTIVE_BREACHED }
