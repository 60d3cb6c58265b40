package org.binkindly.ledger.core.killswitch;

/** What was done to the AI lane: switched off, or narrowed to fewer scopes or cases. */
public enum LaneChange { DISABLED, NARROWED }
