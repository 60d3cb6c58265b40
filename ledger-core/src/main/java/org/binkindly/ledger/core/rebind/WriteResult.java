package org.binkindly.ledger.core.rebind;

/** How a write of the active manifest ended. */
public enum WriteResult { WRITTEN, CONFLICT, FAILED }
