package org.binkindly.ledger.core.rebind;

/** AUTOMATIC: the ledger probes, writes and verifies storage itself. MANUAL: an operator records steps done with another tool. */
public enum RebindMode { AUTOMATIC, MANUAL }
