package org.binkindly.ledger.core.launch;

/** The runbook's three launch-day sign-offs. */
public enum SignOffArea { PRODUCT, ENGINEERING, QA }
