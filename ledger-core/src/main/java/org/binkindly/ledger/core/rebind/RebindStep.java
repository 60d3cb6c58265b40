package org.binkindly.ledger.core.rebind;

/** The rollback checklist's steps that can fail, in order. */
public enum RebindStep { MANIFEST_PROBE, ACTIVE_WRITE, INTEGRITY_READBACK, RESOLUTION_PROBES }
