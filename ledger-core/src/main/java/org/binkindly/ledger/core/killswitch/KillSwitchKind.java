package org.binkindly.ledger.core.killswitch;

/** The runbook's two kill switches: the AI lane, and the bad-pack emergency switch. */
public enum KillSwitchKind { AI_LANE, BAD_PACK }
